import { Alert, Button, CopyButton, Group, Modal, Stack, TextInput } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { InvitationSent } from "../../api/client";

/** When no e-mail went out (none set up, or the server refused), the inviter hands the link over. */
export function InviteLinkDialog({ sent, onClose }: { sent: InvitationSent | null; onClose: () => void }) {
  const { t } = useTranslation();
  const email = sent?.invitation.email ?? "";
  return (
    <Modal opened={sent !== null} onClose={onClose} title={t("staff.linkTitle")} size="lg">
      {sent?.inviteUrl && (
        <Stack>
          <Alert color={sent.email.status === "failed" ? "orange" : "blue"} role="status">
            {sent.email.status === "failed"
              ? t("staff.linkFailed", { email, response: sent.email.response ?? "" })
              : t("staff.linkNotConfigured", { email })}
          </Alert>
          <TextInput label={t("staff.linkLabel")} value={sent.inviteUrl} readOnly onFocus={(e) => e.currentTarget.select()} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("staff.close")}
            </Button>
            <CopyButton value={sent.inviteUrl}>
              {({ copied, copy }) => (
                <Button
                  leftSection={copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                  color={copied ? "teal" : undefined}
                  onClick={copy}
                >
                  {copied ? t("staff.copied") : t("staff.copy")}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
