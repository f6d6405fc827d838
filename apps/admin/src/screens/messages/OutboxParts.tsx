import { Badge, Button, Card, Group, Input, PasswordInput, Text, Title } from "@mantine/core";
import { IconCheck, IconKey, IconSend } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** A card of the outbox screen: one channel, with whether it can send now. */
export function SectionCard({
  icon,
  title,
  description,
  ready,
  children,
}: {
  icon: ReactNode;
  title: string;
  description: string;
  ready: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="lg" p="lg" component="section" aria-label={title}>
      <Group gap="sm" mb={4} wrap="wrap" justify="space-between">
        <Group gap="sm" wrap="nowrap">
          {icon}
          <Title order={2} size="h4">
            {title}
          </Title>
        </Group>
        <Badge color={ready ? "green" : "gray"} variant="light" size="lg" data-testid="channel-ready">
          {ready ? t("messaging.outbox.ready") : t("messaging.outbox.notReady")}
        </Badge>
      </Group>
      <Text size="sm" c="gray.7" mb="md">
        {description}
      </Text>
      {children}
    </Card>
  );
}

/**
 * A write-only secret (SMTP password, SMS token): the API only says whether one is set. It can be
 * replaced (typed here and sent with the next save) or removed (asked first, then saved at once).
 */
export function SecretField({
  label,
  isSet,
  value,
  onChange,
  replacing,
  onReplacing,
  onClear,
  clearing,
  error,
  disabled,
}: {
  label: string;
  isSet: boolean;
  value: string;
  onChange: (v: string) => void;
  replacing: boolean;
  onReplacing: (v: boolean) => void;
  onClear: () => void;
  clearing: boolean;
  error?: ReactNode;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  if (isSet && !replacing)
    return (
      <div>
        <Input.Label size="md">{label}</Input.Label>
        <Group gap="sm" mt={4}>
          <Badge color="green" variant="light" leftSection={<IconCheck size={12} />} size="lg" data-testid="secret-set">
            {t("messaging.outbox.secretSet")}
          </Badge>
          <Button variant="light" size="xs" leftSection={<IconKey size={14} />} onClick={() => onReplacing(true)} disabled={disabled}>
            {t("messaging.outbox.replaceSecret")}
          </Button>
          <Button variant="subtle" color="red" size="xs" onClick={onClear} loading={clearing} disabled={disabled}>
            {t("messaging.outbox.clearSecret")}
          </Button>
        </Group>
      </div>
    );
  return (
    <PasswordInput
      label={isSet ? t("messaging.outbox.newSecret", { name: label }) : label}
      description={t("messaging.outbox.secretHelp")}
      autoComplete="new-password"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      disabled={disabled}
      rightSectionWidth={isSet ? 90 : undefined}
      rightSection={
        isSet ? (
          <Button
            variant="subtle"
            size="compact-xs"
            onClick={() => {
              onChange("");
              onReplacing(false);
            }}
          >
            {t("messaging.outbox.keepSecret")}
          </Button>
        ) : undefined
      }
    />
  );
}

/** Test and save, at the foot of an outbox card (a test uses the saved settings). */
export function CardActions({
  canSend,
  canWrite,
  dirty,
  testLabel,
  testDisabled,
  onTest,
  saving,
}: {
  canSend: boolean;
  canWrite: boolean;
  dirty: boolean;
  testLabel: string;
  testDisabled: boolean;
  onTest: () => void;
  saving: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" wrap="wrap" gap="sm">
      <Group gap="sm">
        {canSend && (
          <Button variant="light" leftSection={<IconSend size={18} />} disabled={dirty || testDisabled} onClick={onTest}>
            {testLabel}
          </Button>
        )}
        {canSend && dirty && (
          <Text size="xs" c="gray.7">
            {t("messaging.outbox.saveBeforeTest")}
          </Text>
        )}
      </Group>
      {canWrite && (
        <Button type="submit" loading={saving}>
          {t("common.save")}
        </Button>
      )}
    </Group>
  );
}
