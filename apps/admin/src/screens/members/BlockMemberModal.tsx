import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Member, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { confirmAction } from "../../components/confirm";
import { notifyError, notifySaved } from "../../components/feedback";
import { memberName } from "../../format";

/** Blocks a member (with a reason) after saying what happens. undefined = closed. */
export function BlockMemberModal({ member, onClose }: { member: Member | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when another member is opened
  useEffect(() => {
    setReason("");
    setError(null);
  }, [member]);
  const block = useMutation({
    mutationFn: (m: Member) =>
      unwrap(
        api.PATCH("/api/v1/members/{id}", { params: { path: { id: m.id } }, body: { status: "blocked", blockedReason: reason.trim() } }),
      ),
    onSuccess: (m) => {
      // The lists and every part of the member's card.
      void queryClient.invalidateQueries({ queryKey: queryKeys.members.all });
      notifySaved(t, t("members.blockedMessage", { name: memberName(m) }));
      onClose();
    },
    onError: (err) => notifyError(t, err),
  });
  return (
    <Modal opened={!!member} onClose={onClose} title={member ? t("members.blockTitle", { name: memberName(member) }) : ""} size="lg">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!reason.trim()) return setError(t("validation.required"));
          if (member) block.mutate(member);
        }}
      >
        <Stack>
          <Text size="sm">{t("members.blockMessage")}</Text>
          <Textarea
            label={t("members.blockReason")}
            withAsterisk
            data-autofocus
            autosize
            minRows={2}
            value={reason}
            error={error}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setError(null);
            }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" color="red" loading={block.isPending}>
              {t("members.block")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Unblocks after a confirmation; returns a starter. */
export function useUnblockMember() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const unblock = useMutation({
    mutationFn: (m: Member) =>
      unwrap(api.PATCH("/api/v1/members/{id}", { params: { path: { id: m.id } }, body: { status: "active", blockedReason: null } })),
    onSuccess: (m) => {
      // The lists and every part of the member's card.
      void queryClient.invalidateQueries({ queryKey: queryKeys.members.all });
      notifySaved(t, t("members.unblockedMessage", { name: memberName(m) }));
    },
    onError: (err) => notifyError(t, err),
  });
  return (m: Member) =>
    confirmAction(t, {
      title: t("members.unblockTitle", { name: memberName(m) }),
      message: t("members.unblockMessage"),
      confirmLabel: t("members.unblock"),
      danger: false,
      onConfirm: () => unblock.mutate(m),
    });
}
