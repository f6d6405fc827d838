import { ActionIcon, Badge, Button, Group, Select, Switch, Table, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPencil, IconPlus, IconShieldCheck } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Consent, unwrap } from "../../api/client";
import { useConsents } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { wholeList } from "../../components/cursor-list";
import { EntityDrawer, useSaveForm } from "../../components/EntityDrawer";
import { ListPage } from "../../components/ListPage";
import { formatDateTime } from "../../format";
import { keyFromLabel } from "./field-keys";

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

const EMPTY = {
  name: "",
  key: "",
  purpose: "newsletter" as Consent["purpose"],
  channel: "email" as Consent["channel"],
  text: "",
  active: true,
};

function ConsentVersions({ consent }: { consent: Consent }) {
  const { t } = useTranslation();
  return (
    <Table verticalSpacing="sm" aria-label={t("consents.versions")}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={90}>{t("members.version")}</Table.Th>
          <Table.Th>{t("consents.text")}</Table.Th>
          <Table.Th w={150}>{t("consents.since")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...consent.versions].reverse().map((v) => (
          <Table.Tr key={v.version}>
            <Table.Td>
              v{v.version}
              {v.version === consent.currentVersion && (
                <Badge size="xs" ml={4} color="green">
                  {t("consents.current")}
                </Badge>
              )}
            </Table.Td>
            <Table.Td style={{ whiteSpace: "pre-wrap" }}>{v.text}</Table.Td>
            <Table.Td>{formatDateTime(v.createdAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ConsentDrawer({ consent, onClose }: { consent: Consent | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const [keyTouched, setKeyTouched] = useState(false);
  const form = useForm({
    initialValues: EMPTY,
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
    form.setValues(consent ? { ...EMPTY, ...consent } : EMPTY);
    form.clearErrors();
  }, [consent]);
  const { onSubmit, saving } = useSaveForm({
    form,
    save: (v) =>
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
    invalidate: [queryKeys.consents.all],
    savedMessage: (saved) => t("consents.savedMessage", { name: saved.name, version: saved.currentVersion }),
    onSaved: onClose,
  });
  const textChanged = !!consent && form.getValues().text.trim() !== consent.text;
  return (
    <EntityDrawer
      opened={consent !== undefined}
      onClose={onClose}
      title={consent ? t("consents.editTitle") : t("consents.createTitle")}
      onSubmit={onSubmit}
      saving={saving}
    >
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
        <Text c="orange.9" size="sm">
          {t("consents.newVersionWarning", { version: (consent?.currentVersion ?? 0) + 1 })}
        </Text>
      )}
      <Switch label={t("consents.active")} description={t("consents.activeHelp")} {...form.getInputProps("active", { type: "checkbox" })} />
      {consent && (
        <>
          <Text fw={700} mt="md">
            {t("consents.versions")}
          </Text>
          <ConsentVersions consent={consent} />
        </>
      )}
    </EntityDrawer>
  );
}

export function ConsentsScreen() {
  const { t } = useTranslation();
  const list = wholeList(useConsents(true));
  const [editing, setEditing] = useState<Consent | null | undefined>(undefined);
  const add = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t("consents.add")}
    </Button>
  );
  return (
    <ListPage
      title={t("consents.title")}
      description={t("consents.description")}
      actions={add}
      list={list}
      label={t("consents.title")}
      rowKey={(c) => c.id}
      onRowClick={setEditing}
      empty={{ icon: <IconShieldCheck />, title: t("consents.emptyTitle"), description: t("consents.empty"), action: add }}
      columns={[
        { key: "name", header: t("consents.name"), cell: (c) => <Text fw={600}>{c.name}</Text> },
        { key: "purpose", header: t("consents.purpose"), cell: (c) => t(`consents.purposes.${c.purpose}`) },
        { key: "channel", header: t("consents.channel"), cell: (c) => t(`consents.channels.${c.channel}`), priority: 2 },
        { key: "version", header: t("members.version"), cell: (c) => `v${c.currentVersion}`, priority: 3 },
        {
          key: "status",
          header: t("locations.status"),
          cell: (c) => (
            <Badge color={c.active ? "green" : "gray"} variant="light">
              {c.active ? t("locations.active") : t("customFields.inactiveBadge")}
            </Badge>
          ),
        },
      ]}
      rowActions={(c) => (
        <Group gap={4}>
          <ActionIcon aria-label={t("common.actionsFor", { name: c.name })} onClick={() => setEditing(c)}>
            <IconPencil size={20} />
          </ActionIcon>
        </Group>
      )}
    >
      <ConsentDrawer consent={editing} onClose={() => setEditing(undefined)} />
    </ListPage>
  );
}
