import { Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import type { TFunction } from "i18next";

/** Asks before a destructive action and says what will happen. */
export function confirmAction(
  t: TFunction,
  opts: { title: string; message: string; confirmLabel: string; danger?: boolean; onConfirm: () => void },
): void {
  modals.openConfirmModal({
    title: opts.title,
    children: <Text size="sm">{opts.message}</Text>,
    labels: { confirm: opts.confirmLabel, cancel: t("common.cancel") },
    confirmProps: { color: opts.danger === false ? undefined : "red" },
    onConfirm: opts.onConfirm,
  });
}
