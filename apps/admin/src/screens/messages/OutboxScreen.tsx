import { Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useMessagingSettings } from "../../api/messaging";
import { PageHeader } from "../../components/PageHeader";
import { QueryView } from "../../components/QueryView";
import { EmailSettingsCard } from "./EmailSettingsCard";
import { SmsSettingsCard } from "./SmsSettingsCard";

/** Where messages leave from: the company's SMTP server and SMS provider. */
export function OutboxScreen() {
  const { t } = useTranslation();
  const settings = useMessagingSettings();
  return (
    <>
      <PageHeader title={t("messaging.outbox.title")} description={t("messaging.outbox.description")} />
      <QueryView query={settings}>
        {(data) => (
          <Stack gap="lg">
            <EmailSettingsCard settings={data} />
            <SmsSettingsCard settings={data} />
          </Stack>
        )}
      </QueryView>
    </>
  );
}
