import { Badge, Button } from "@mantine/core";
import { IconPlayerPlay } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { ApiError, api, type Program, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { notifyError, notifySaved } from "../../components/feedback";
import { formatPoints, locale } from "../../format";

export function ProgramStatusBadge({ status }: { status: Program["status"] }) {
  const { t } = useTranslation();
  const color = status === "active" ? "green" : status === "draft" ? "yellow" : "gray";
  return (
    <Badge color={color} variant="light">
      {t(`programs.statuses.${status}`)}
    </Badge>
  );
}

/** "1 pkt za 1,00 zł" / "1 point per 1.00 zł", "10 points per 1.00 zł". */
export function converterText(t: TFunction, points: number, amountMinor: number): string {
  const amount = `${new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amountMinor / 100)} zł`;
  const values = { points: formatPoints(points), amount };
  return points === 1 ? t("programs.converterTextOne", values) : t("programs.converterText", values);
}

/** Turns a draft program on (status active), from its screen or the list. */
export function ActivateButton({ program, size = "sm" }: { program: Program; size?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const activate = useMutation({
    mutationFn: () => unwrap(api.PATCH("/api/v1/programs/{id}", { params: { path: { id: program.id } }, body: { status: "active" } })),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.programs.all });
      notifySaved(t, t("programs.activatedMessage", { name: p.name }));
    },
    onError: (err) => notifyError(t, err),
  });
  return (
    <Button
      size={size}
      color="green"
      leftSection={<IconPlayerPlay size={16} />}
      loading={activate.isPending}
      onClick={() => activate.mutate()}
      aria-label={t("programs.activateNamed", { name: program.name })}
    >
      {t("programs.activate")}
    </Button>
  );
}

/** The API refused the name: another program of the company has it (409, field name). */
export function nameTaken(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409 && err.details.some((d) => d.path === "name");
}
