import { Alert, Button, Checkbox, Code, CopyButton, Group, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconCheck, IconCopy } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Permission, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { notifySaved, showFormError } from "../../components/feedback";

interface Values {
  name: string;
  scopes: string[];
  /** Empty: the installation's default. */
  rateLimitPerMinute: number | string;
}

export function CreateApiKeyModal({
  opened,
  scopes,
  onClose,
  onCreated,
}: {
  opened: boolean;
  scopes: string[];
  onClose: () => void;
  onCreated: (secret: string, name: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { name: "", scopes: [], rateLimitPerMinute: "" },
    validate: {
      name: (v) => (v.trim() ? null : t("validation.required")),
      scopes: (v) => (v.length > 0 ? null : t("validation.scopes")),
    },
  });
  const create = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.POST("/api/v1/api-keys", {
          body: {
            name: v.name.trim(),
            scopes: v.scopes as Permission[] as never,
            rateLimitPerMinute: v.rateLimitPerMinute === "" ? null : Number(v.rateLimitPerMinute),
          },
        }),
      ),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.all });
      notifySaved(t, t("apiKeys.created", { name: created.apiKey.name }));
      form.reset();
      onCreated(created.secret, created.apiKey.name);
    },
    onError: (err) => showFormError(t, form, err),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t("apiKeys.createTitle")} size="lg">
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack>
          <TextInput
            label={t("apiKeys.name")}
            description={t("apiKeys.nameHelp")}
            withAsterisk
            data-autofocus
            {...form.getInputProps("name")}
          />
          <Checkbox.Group label={t("apiKeys.scopes")} description={t("apiKeys.scopesHelp")} withAsterisk {...form.getInputProps("scopes")}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
              {scopes.map((s) => (
                <Checkbox key={s} value={s} label={t(`permissions.${s as Permission}`)} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <NumberInput
            label={t("apiKeys.rateLimitPerMinute")}
            description={t("apiKeys.rateLimitHelp")}
            placeholder={t("apiKeys.rateLimitDefault")}
            min={1}
            max={1_000_000}
            allowDecimal={false}
            {...form.getInputProps("rateLimitPerMinute")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t("apiKeys.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Shows a new key's secret, once. */
export function SecretModal({ secret, name, onClose }: { secret: string | null; name: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={secret !== null} onClose={onClose} title={t("apiKeys.secretTitle", { name })} size="lg" closeOnClickOutside={false}>
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle />} title={t("apiKeys.secretWarningTitle")}>
          {t("apiKeys.secretWarning")}
        </Alert>
        <Code block data-testid="api-key-secret" style={{ wordBreak: "break-all", whiteSpace: "pre-wrap", fontSize: 14 }}>
          {secret}
        </Code>
        <Text size="sm" c="dimmed">
          {t("apiKeys.secretUsage")}
        </Text>
        <Group justify="space-between">
          <CopyButton value={secret ?? ""}>
            {({ copied, copy }) => (
              <Button
                color={copied ? "teal" : undefined}
                leftSection={copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                onClick={copy}
              >
                {copied ? t("apiKeys.copied") : t("apiKeys.copy")}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={onClose}>
            {t("apiKeys.secretDone")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
