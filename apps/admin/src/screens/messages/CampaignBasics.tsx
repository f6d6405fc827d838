import { Alert, Anchor, Button, Fieldset, Group, Input, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle, IconExternalLink, IconRefresh } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type Channel, CONSENT_PURPOSES, type ConsentPurpose, defaultCampaignPurpose } from "../../api/messaging";
import type { CampaignForm } from "./campaign-form";

/**
 * Said right where the channel is chosen, before any work goes into the campaign: the outbox
 * cannot send on it yet. The outbox opens in a new tab, so nothing typed here is lost; "check
 * again" (or coming back to this tab) reads the outbox anew.
 */
export function ChannelNotReady({ channel, onRecheck, checking }: { channel: Channel; onRecheck: () => void; checking: boolean }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle />}
      title={t(`messaging.campaigns.notReady.${channel}.title`)}
      data-testid="channel-not-ready"
      role="status"
      styles={{ title: { color: "var(--mantine-color-dark-7)" } }}
    >
      <Stack gap="xs">
        <Text size="sm">{t(`messaging.campaigns.notReady.${channel}.text`)}</Text>
        <Group gap="sm" wrap="wrap">
          <Anchor component={Link} to="/messages/outbox" target="_blank" rel="noopener" size="sm" fw={600} c="indigo.9">
            <Group gap={4} wrap="nowrap" component="span">
              {t("messaging.campaigns.notReady.openOutbox")}
              <IconExternalLink size={14} aria-hidden />
            </Group>
          </Anchor>
          <Button
            variant="subtle"
            c="indigo.9"
            size="compact-sm"
            leftSection={<IconRefresh size={16} />}
            onClick={onRecheck}
            loading={checking}
          >
            {t("messaging.campaigns.notReady.checkAgain")}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** Name, channel (fixed once created) and the consent it needs. */
export function CampaignBasics({
  form,
  created,
  ready,
  onRecheck,
  checking,
  onPurposeTouched,
  purposeTouched,
}: {
  form: CampaignForm;
  created: boolean;
  /** Whether the outbox can send on the chosen channel (undefined: not known). */
  ready: boolean | undefined;
  onRecheck: () => void;
  checking: boolean;
  purposeTouched: boolean;
  onPurposeTouched: () => void;
}) {
  const { t } = useTranslation();
  const v = form.getValues();
  return (
    <Fieldset legend={t("messaging.campaigns.basics")} radius="md">
      <Stack>
        <TextInput label={t("messaging.campaigns.name")} withAsterisk maxLength={200} {...form.getInputProps("name")} />
        <Group align="flex-end" gap="md" wrap="wrap">
          <div>
            <Input.Label size="md" id="campaign-channel">
              {t("messaging.channel")}
            </Input.Label>
            <SegmentedControl
              aria-labelledby="campaign-channel"
              aria-describedby={form.errors.channel ? "campaign-channel-error" : undefined}
              disabled={created}
              display="flex"
              data={[
                { value: "email", label: t("messaging.channels.email") },
                { value: "sms", label: t("messaging.channels.sms") },
                { value: "push", label: t("messaging.channels.push") },
              ]}
              value={v.channel}
              onChange={(value) => {
                const channel = value as Channel;
                form.setFieldValue("channel", channel);
                form.clearFieldError("channel");
                if (!purposeTouched) form.setFieldValue("purpose", defaultCampaignPurpose(channel));
              }}
            />
          </div>
          <Select
            label={t("messaging.purpose")}
            description={t("messaging.campaigns.purposeHelp")}
            allowDeselect={false}
            data={CONSENT_PURPOSES.map((p) => ({ value: p, label: t(`consents.purposes.${p}`) }))}
            style={{ flex: "1 1 240px" }}
            {...form.getInputProps("purpose")}
            onChange={(value) => {
              onPurposeTouched();
              form.setFieldValue("purpose", (value ?? "newsletter") as ConsentPurpose);
            }}
          />
        </Group>
        {form.errors.channel && (
          <Text size="sm" c="red.9" fw={600} id="campaign-channel-error" data-testid="channel-error">
            {form.errors.channel}
          </Text>
        )}
        {ready === false && <ChannelNotReady channel={v.channel} onRecheck={onRecheck} checking={checking} />}
      </Stack>
    </Fieldset>
  );
}
