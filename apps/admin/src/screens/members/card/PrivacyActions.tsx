import { Button, Group, List, Modal, Stack, Text, TextInput } from "@mantine/core";
import { IconDownload, IconEraser } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Member, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import { notifyError, notifySaved } from "../../../components/feedback";

/** Saves the member's data export as member-<card>-<date>.json (the name the API suggests). */
async function downloadExport(member: Member): Promise<void> {
  const data = await unwrap(api.GET("/api/v1/members/{id}/export", { params: { path: { id: member.id } } }));
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `member-${member.cardNumber}-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(link.href);
}

/** The card's GDPR actions: export the member's data, erase it (each behind its own permission). */
export function PrivacyActions({ member }: { member: Member }) {
  const { t } = useTranslation();
  const canExport = useCan("members.export");
  const canErase = useCan("members.erase");
  const [erasing, setErasing] = useState(false);
  const exporter = useMutation({ mutationFn: () => downloadExport(member), onError: (err) => notifyError(t, err) });
  if (member.erasedAt) return null;
  return (
    <>
      {canExport && (
        <Button variant="default" leftSection={<IconDownload size={18} />} loading={exporter.isPending} onClick={() => exporter.mutate()}>
          {t("members.privacy.export")}
        </Button>
      )}
      {canErase && (
        <Button variant="default" color="red" leftSection={<IconEraser size={18} />} onClick={() => setErasing(true)}>
          {t("members.privacy.erase")}
        </Button>
      )}
      <EraseMemberModal member={member} opened={erasing} onClose={() => setErasing(false)} />
    </>
  );
}

/** Says what erasure does and keeps, and asks for the card number before it runs. */
export function EraseMemberModal({
  member,
  opened,
  onClose,
  onErased,
}: {
  member: Member;
  opened: boolean;
  onClose: () => void;
  onErased?: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState("");
  const matches = typed.trim().toUpperCase() === member.cardNumber.toUpperCase();
  const erase = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/members/{id}/erase", { params: { path: { id: member.id } }, body: { confirmCardNumber: typed.trim() } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.members.all });
      notifySaved(t, t("members.privacy.erased"));
      onErased?.();
      onClose();
    },
    onError: (err) => notifyError(t, err),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t("members.privacy.eraseTitle")} size="lg">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (matches) erase.mutate();
        }}
      >
        <Stack>
          <Text size="sm" fw={600}>
            {t("members.privacy.irreversible")}
          </Text>
          <Text size="sm">{t("members.privacy.goes")}</Text>
          <List size="sm">
            <List.Item>{t("members.privacy.goesCard")}</List.Item>
            <List.Item>{t("members.privacy.goesHistory")}</List.Item>
          </List>
          <Text size="sm">{t("members.privacy.stays")}</Text>
          <TextInput
            label={t("members.privacy.typeCard", { card: member.cardNumber })}
            data-autofocus
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" color="red" disabled={!matches} loading={erase.isPending}>
              {t("members.privacy.eraseConfirm")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
