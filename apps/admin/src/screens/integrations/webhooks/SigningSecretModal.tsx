import { Alert, Anchor, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconShieldCheck } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { CopyField } from "../../../components/CopyField";

/** How a receiver checks that a request came from here: the Standard Webhooks headers and libraries. */
export function VerifyNote() {
  const { t } = useTranslation();
  return (
    <Alert color="blue" icon={<IconShieldCheck />} title={t("integrations.webhooks.verify.title")} p="sm">
      <Stack gap={6}>
        <Text size="sm">{t("integrations.webhooks.verify.headers")}</Text>
        <Text size="sm">{t("integrations.webhooks.verify.how")}</Text>
        <Text size="sm">
          <Anchor href="https://www.standardwebhooks.com/" target="_blank" rel="noopener noreferrer" c="indigo.9">
            {t("integrations.webhooks.verify.specLink")}
          </Anchor>
          {" · "}
          <Anchor href="/api/docs" target="_blank" rel="noopener" c="indigo.9">
            {t("integrations.webhooks.verify.apiLink")}
          </Anchor>
        </Text>
      </Stack>
    </Alert>
  );
}

/** The new endpoint's signing secret, shown whole once after it is made, with how to verify. */
export function SigningSecretModal({ secret, url, onClose }: { secret: string | null; url: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={secret !== null} onClose={onClose} title={t("integrations.webhooks.secretTitle")} size="lg" closeOnClickOutside={false}>
      <Stack>
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          {t("integrations.webhooks.secretFor", { url })}
        </Text>
        <CopyField
          label={t("integrations.webhooks.secret.label")}
          value={secret ?? ""}
          copyLabel={t("integrations.webhooks.secret.copy")}
          testId="webhook-secret"
        />
        <Alert color="orange" icon={<IconAlertTriangle />} p="sm">
          {t("integrations.webhooks.secretOnce")}
        </Alert>
        <VerifyNote />
        <Group justify="flex-end">
          <Button onClick={onClose}>{t("integrations.webhooks.secretDone")}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
