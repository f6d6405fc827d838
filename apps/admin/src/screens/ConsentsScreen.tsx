import {
  Accordion,
  ActionIcon,
  Badge,
  Button,
  Drawer,
  EmptyState,
  Group,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPencil, IconPlus, IconShieldCheck } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Consent, unwrap } from "../api/client";
import { useConsents } from "../api/lookups";
import { ErrorState } from "../components/ErrorState";
import { FormActions } from "../components/FormActions";
import { notifySaved, showFormError } from "../components/feedback";
import { PageHeader } from "../components/PageHeader";
import { PageLoader } from "../components/PageLoader";
import { formatDateTime } from "../format";
import { keyFromLabel } from "./CustomFieldsScreen";

const PURPOSES = [
  "direct_marketing",
  "newsletter",
  "commercial_information",
  "profiling",
  "sms_marketing",
  "push_notifications",
  "other",
] as const;
const CHANNELS = ["email", "sms", "push", "phone", "any"] as const;

function ConsentDrawer({ consent, onClose }: { consent: Consent | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [keyTouched, setKeyTouched] = useState(false);
  const form = useForm({
    initialValues: {
      name: "",
      key: "",
      purpose: "newsletter" as Consent["purpose"],
      channel: "email" as Consent["channel"],
      text: "",
      active: true,
    },
    validate: {
      name: (v) => (v.trim() ? null : t("validation.required")),
      key: (v) => (consent || /^[a-z][a-z0-9_]{0,49}$/.test(v) ? null : t("customFields.keyInvalid")),
      text: (v) => (v.trim() ? null : t("validation.required")),
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened
  useEffect(() => {
    if (consent === undefined) return;
    setKeyTouched(!!consent);
    form.setValues(
      consent
        ? {
            name: consent.name,
            key: consent.key,
            purpose: consent.purpose,
            channel: consent.channel,
            text: consent.text,
            active: consent.active,
          }
        : { name: "", key: "", purpose: "newsletter", channel: "email", text: "", active: true },
    );
    form.clearErrors();
  }, [consent]);
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      consent
        ? unwrap(
            api.PATCH("/api/v1/consents/{id}", {
              params: { path: { id: consent.id } },
              body: { name: v.name.trim(), active: v.active, ...(v.text.trim() !== consent.text ? { text: v.text.trim() } : {}) },
            }),
          )
        : unwrap(
            api.POST("/api/v1/consents", {
              body: { name: v.name.trim(), key: v.key, purpose: v.purpose, channel: v.channel, text: v.text.trim(), active: v.active },
            }),
          ),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ["consents"] });
      notifySaved(t, t("consents.savedMessage", { name: saved.name, version: saved.currentVersion }));
      onClose();
    },
    onError: (err) => showFormError(t, form, err),
  });
  const textChanged = !!consent && form.getValues().text.trim() !== consent.text;
  return (
    <Drawer
      opened={consent !== undefined}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        <Text fw={700} size="lg">
          {consent ? t("consents.editTitle") : t("consents.createTitle")}
        </Text>
      }
    >
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          <TextInput
            label={t("consents.name")}
            withAsterisk
            data-autofocus
            {...form.getInputProps("name")}
            onChange={(e) => {
              const name = e.currentTarget.value;
              form.setFieldValue("name", name);
              if (!keyTouched) form.setFieldValue("key", keyFromLabel(name));
            }}
          />
          <TextInput
            label={t("customFields.key")}
            description={t("consents.keyHelp")}
            withAsterisk
            disabled={!!consent}
            {...form.getInputProps("key")}
            onChange={(e) => {
              setKeyTouched(true);
              form.setFieldValue("key", e.currentTarget.value);
            }}
          />
          <Select
            label={t("consents.purpose")}
            allowDeselect={false}
            disabled={!!consent}
            data={PURPOSES.map((p) => ({ value: p, label: t(`consents.purposes.${p}`) }))}
            {...form.getInputProps("purpose")}
          />
          <Select
            label={t("consents.channel")}
            allowDeselect={false}
            disabled={!!consent}
            data={CHANNELS.map((c) => ({ value: c, label: t(`consents.channels.${c}`) }))}
            {...form.getInputProps("channel")}
          />
          <Textarea
            label={t("consents.text")}
            description={consent ? t("consents.textHelp", { version: consent.currentVersion }) : undefined}
            withAsterisk
            autosize
            minRows={4}
            {...form.getInputProps("text")}
          />
          {textChanged && (
            <Text c="orange" size="sm">
              {t("consents.newVersionWarning", { version: (consent?.currentVersion ?? 0) + 1 })}
            </Text>
          )}
          <Switch
            label={t("consents.active")}
            description={t("consents.activeHelp")}
            {...form.getInputProps("active", { type: "checkbox" })}
          />
          <FormActions onCancel={onClose} loading={save.isPending} />
        </Stack>
      </form>
    </Drawer>
  );
}

export function ConsentsScreen() {
  const { t } = useTranslation();
  const consents = useConsents(true);
  const [editing, setEditing] = useState<Consent | null | undefined>(undefined);
  const add = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t("consents.add")}
    </Button>
  );
  return (
    <>
      <PageHeader title={t("consents.title")} description={t("consents.description")} actions={add} />
      {consents.isError ? (
        <ErrorState error={consents.error} onRetry={() => void consents.refetch()} />
      ) : consents.isPending ? (
        <PageLoader />
      ) : consents.data.length === 0 ? (
        <EmptyState icon={<IconShieldCheck />} title={t("consents.emptyTitle")} description={t("consents.empty")}>
          {add}
        </EmptyState>
      ) : (
        <Accordion variant="separated" radius="md" multiple>
          {consents.data.map((c) => (
            <Accordion.Item key={c.id} value={c.id}>
              <Group wrap="nowrap" pr="sm">
                <Accordion.Control>
                  <Group gap="sm" wrap="wrap">
                    <Text fw={600}>{c.name}</Text>
                    <Badge variant="light">{t(`consents.purposes.${c.purpose}`)}</Badge>
                    <Badge variant="outline" color="gray">
                      {t(`consents.channels.${c.channel}`)}
                    </Badge>
                    <Badge variant="light" color="grape">
                      v{c.currentVersion}
                    </Badge>
                    {!c.active && <Badge color="gray">{t("customFields.inactiveBadge")}</Badge>}
                  </Group>
                </Accordion.Control>
                <ActionIcon aria-label={t("common.actionsFor", { name: c.name })} onClick={() => setEditing(c)}>
                  <IconPencil size={20} />
                </ActionIcon>
              </Group>
              <Accordion.Panel>
                <Table verticalSpacing="sm" aria-label={t("consents.versions")}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={90}>{t("members.version")}</Table.Th>
                      <Table.Th>{t("consents.text")}</Table.Th>
                      <Table.Th w={180}>{t("consents.since")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {[...c.versions].reverse().map((v) => (
                      <Table.Tr key={v.version}>
                        <Table.Td>
                          v{v.version}
                          {v.version === c.currentVersion && (
                            <Badge size="xs" ml={4} color="green">
                              {t("consents.current")}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: "pre-wrap" }}>{v.text}</Table.Td>
                        <Table.Td className="nowrap">{formatDateTime(v.createdAt)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
      <ConsentDrawer consent={editing} onClose={() => setEditing(undefined)} />
    </>
  );
}
