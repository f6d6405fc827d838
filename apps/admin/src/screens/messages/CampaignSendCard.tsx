import { Alert, Button, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconCalendarTime, IconSend, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import { DateTimeField } from "../../components/DateFields";
import { errorMessage } from "../../components/feedback";
import { type CampaignForm, fieldLabel } from "./campaign-form";

/** Today as "YYYY-MM-DD" in local time (the first day a campaign can be scheduled for). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/**
 * Why the last send did not happen: each field the API refused, by its label, with the reason
 * (the same reasons stand next to the fields); or the API's message.
 */
function SendFailure({ form, error }: { form: CampaignForm; error: unknown }) {
  const { t } = useTranslation();
  const channel = form.getValues().channel;
  const fields = Object.entries(form.errors).filter(([, message]) => !!message);
  const byField = error instanceof ApiError && error.details.length > 0;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconX />}
      title={t("messaging.campaigns.notSent.title")}
      data-testid="send-failure"
      role="alert"
    >
      <Stack gap={6}>
        <Text size="sm">{t("messaging.campaigns.notSent.kept")}</Text>
        {byField ? (
          fields.length > 0 && (
            <List size="sm" spacing={2}>
              {fields.map(([field, message]) => {
                const label = fieldLabel(field, channel);
                return (
                  <List.Item key={field}>
                    {label ? (
                      <>
                        <Text span fw={700} size="sm">
                          {t(label)}
                        </Text>
                        {" — "}
                      </>
                    ) : null}
                    {message}
                  </List.Item>
                );
              })}
            </List>
          )
        ) : (
          <Text size="sm">{errorMessage(t, error)}</Text>
        )}
      </Stack>
    </Alert>
  );
}

/** "Send now" or "schedule" with a date and time; blocked while the outbox cannot send on the channel. */
export function CampaignSendCard({
  form,
  ready,
  pending,
  failure,
  onSend,
}: {
  form: CampaignForm;
  ready: boolean | undefined;
  /** Which send is under way: "now", "scheduled", or none. */
  pending: "now" | "scheduled" | null;
  failure: unknown;
  onSend: (scheduled: boolean) => void;
}) {
  const { t } = useTranslation();
  const v = form.getValues();
  const blocked = ready === false;
  return (
    <Card withBorder radius="lg" p="md" component="section" aria-label={t("messaging.campaigns.sending")}>
      <Title order={2} size="h5" mb="sm">
        {t("messaging.campaigns.sending")}
      </Title>
      <Stack gap="sm">
        {failure ? <SendFailure form={form} error={failure} /> : null}
        {blocked && (
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <IconAlertTriangle size={18} color="var(--mantine-color-orange-7)" style={{ flex: "none", marginTop: 2 }} aria-hidden />
            <Text size="sm" fw={600} data-testid="send-blocked">
              {t(`messaging.campaigns.notReady.${v.channel}.blocked`)}
            </Text>
          </Group>
        )}
        <Button leftSection={<IconSend size={18} />} onClick={() => onSend(false)} loading={pending === "now"} disabled={blocked}>
          {t("messaging.campaigns.sendNow")}
        </Button>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <div style={{ flex: "1 1 200px" }}>
            <DateTimeField
              label={t("messaging.campaigns.scheduleAt")}
              minDate={today()}
              value={v.scheduledAt}
              onChange={(value) => {
                form.setFieldValue("scheduledAt", value);
                form.clearFieldError("scheduledAt");
              }}
              error={form.errors.scheduledAt}
              data-testid="schedule-at"
            />
          </div>
          <Button
            variant="light"
            mt={{ base: 0, xs: 30 }}
            leftSection={<IconCalendarTime size={18} />}
            disabled={!v.scheduledAt || blocked}
            onClick={() => onSend(true)}
            loading={pending === "scheduled"}
          >
            {t("messaging.campaigns.schedule")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
