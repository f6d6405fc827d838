import { ActionIcon, Badge, Button, Group, NumberInput, Select, Switch, TagsInput, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconForms, IconPencil, IconPlus } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type CustomField, unwrap } from "../../api/client";
import { useCustomFields } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { wholeList } from "../../components/cursor-list";
import { EntityDrawer, useSaveForm } from "../../components/EntityDrawer";
import { ListPage } from "../../components/ListPage";
import { keyFromLabel } from "./field-keys";

const TYPES = ["text", "number", "date", "choice", "multi_choice", "boolean"] as const;
type FieldType = (typeof TYPES)[number];
const KEY_RE = /^[a-z][a-z0-9_]{0,49}$/;

function FieldDrawer({ field, onClose }: { field: CustomField | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const [keyTouched, setKeyTouched] = useState(false);
  const form = useForm({
    initialValues: {
      label: "",
      key: "",
      type: "text" as FieldType,
      options: [] as string[],
      required: false,
      visibleToMember: false,
      position: 0 as number | string,
      active: true,
    },
    validate: {
      label: (v) => (v.trim() ? null : t("validation.required")),
      key: (v) => (field || KEY_RE.test(v) ? null : t("customFields.keyInvalid")),
      options: (v, values) =>
        (values.type === "choice" || values.type === "multi_choice") && v.length === 0 ? t("customFields.optionsRequired") : null,
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened
  useEffect(() => {
    if (field === undefined) return;
    setKeyTouched(!!field);
    form.setValues(
      field
        ? { ...field, position: field.position }
        : { label: "", key: "", type: "text", options: [], required: false, visibleToMember: false, position: 0, active: true },
    );
    form.clearErrors();
  }, [field]);
  const { onSubmit, saving } = useSaveForm({
    form,
    save: (v) => {
      const hasOptions = v.type === "choice" || v.type === "multi_choice";
      const common = {
        label: v.label.trim(),
        required: v.required,
        visibleToMember: v.visibleToMember,
        position: Number(v.position) || 0,
        active: v.active,
        ...(hasOptions ? { options: v.options } : {}),
      };
      return field
        ? unwrap(api.PATCH("/api/v1/custom-fields/{id}", { params: { path: { id: field.id } }, body: common }))
        : unwrap(api.POST("/api/v1/custom-fields", { body: { ...common, key: v.key, type: v.type } }));
    },
    invalidate: [queryKeys.customFields.all],
    savedMessage: (saved) => t("customFields.savedMessage", { name: saved.label }),
    onSaved: onClose,
  });
  const type = form.getValues().type;
  return (
    <EntityDrawer
      opened={field !== undefined}
      onClose={onClose}
      title={field ? t("customFields.editTitle") : t("customFields.createTitle")}
      onSubmit={onSubmit}
      saving={saving}
    >
      <TextInput
        label={t("customFields.label")}
        withAsterisk
        data-autofocus
        {...form.getInputProps("label")}
        onChange={(e) => {
          const label = e.currentTarget.value;
          form.setFieldValue("label", label);
          if (!keyTouched) form.setFieldValue("key", keyFromLabel(label));
        }}
      />
      <TextInput
        label={t("customFields.key")}
        description={t("customFields.keyHelp")}
        withAsterisk
        disabled={!!field}
        ff="monospace"
        {...form.getInputProps("key")}
        onChange={(e) => {
          setKeyTouched(true);
          form.setFieldValue("key", e.currentTarget.value);
        }}
      />
      <Select
        label={t("customFields.type")}
        description={field ? t("customFields.typeFixed") : undefined}
        allowDeselect={false}
        disabled={!!field}
        data={TYPES.map((ty) => ({ value: ty, label: t(`customFields.types.${ty}`) }))}
        {...form.getInputProps("type")}
      />
      {(type === "choice" || type === "multi_choice") && (
        <TagsInput
          label={t("customFields.options")}
          description={t("customFields.optionsHelp")}
          withAsterisk
          {...form.getInputProps("options")}
        />
      )}
      <NumberInput label={t("customFields.position")} min={0} max={10000} allowDecimal={false} {...form.getInputProps("position")} />
      <Switch
        label={t("customFields.required")}
        description={t("customFields.requiredHelp")}
        {...form.getInputProps("required", { type: "checkbox" })}
      />
      <Switch label={t("customFields.visibleToMember")} {...form.getInputProps("visibleToMember", { type: "checkbox" })} />
      <Switch
        label={t("customFields.active")}
        description={t("customFields.activeHelp")}
        {...form.getInputProps("active", { type: "checkbox" })}
      />
    </EntityDrawer>
  );
}

export function CustomFieldsScreen() {
  const { t } = useTranslation();
  const list = wholeList(useCustomFields(true));
  const [editing, setEditing] = useState<CustomField | null | undefined>(undefined);
  const add = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t("customFields.add")}
    </Button>
  );
  return (
    <ListPage
      title={t("customFields.title")}
      description={t("customFields.description")}
      actions={add}
      list={list}
      label={t("customFields.title")}
      rowKey={(f) => f.id}
      onRowClick={setEditing}
      empty={{ icon: <IconForms />, title: t("customFields.emptyTitle"), description: t("customFields.empty"), action: add }}
      columns={[
        {
          key: "label",
          header: t("customFields.label"),
          cell: (f) => (
            <>
              <Text fw={600} size="sm">
                {f.label}
              </Text>
              <Text size="xs" c="gray.7" ff="monospace">
                {f.key}
              </Text>
            </>
          ),
        },
        { key: "type", header: t("customFields.type"), cell: (f) => t(`customFields.types.${f.type}`) },
        { key: "options", header: t("customFields.options"), cell: (f) => f.options.join(", ") || "—", priority: 3 },
        {
          key: "flags",
          header: t("customFields.flags"),
          cell: (f) => (
            <Group gap={4}>
              {f.required && <Badge color="orange">{t("customFields.requiredBadge")}</Badge>}
              {f.visibleToMember && <Badge color="blue">{t("customFields.visibleBadge")}</Badge>}
              {!f.active && <Badge color="gray">{t("customFields.inactiveBadge")}</Badge>}
            </Group>
          ),
        },
      ]}
      rowActions={(f) => (
        <ActionIcon aria-label={t("common.actionsFor", { name: f.label })} onClick={() => setEditing(f)}>
          <IconPencil size={20} />
        </ActionIcon>
      )}
    >
      <FieldDrawer field={editing} onClose={() => setEditing(undefined)} />
    </ListPage>
  );
}
