import {
  ActionIcon,
  Badge,
  Button,
  Drawer,
  EmptyState,
  Group,
  NumberInput,
  Select,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconForms, IconPencil, IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type CustomField, unwrap } from "../../api/client";
import { useCustomFields } from "../../api/lookups";
import { ErrorState } from "../../components/ErrorState";
import { FormActions } from "../../components/FormActions";
import { notifySaved, showFormError } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { keyFromLabel } from "./field-keys";

const TYPES = ["text", "number", "date", "choice", "multi_choice", "boolean"] as const;
type FieldType = (typeof TYPES)[number];
const KEY_RE = /^[a-z][a-z0-9_]{0,49}$/;

/** "Ulubiona kawa" -> "ulubiona_kawa" (Polish letters folded). */
function FieldDrawer({ field, onClose }: { field: CustomField | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
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
  const save = useMutation({
    mutationFn: (v: typeof form.values) => {
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
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ["custom-fields"] });
      notifySaved(t, t("customFields.savedMessage", { name: saved.label }));
      onClose();
    },
    onError: (err) => showFormError(t, form, err),
  });
  const type = form.getValues().type;
  return (
    <Drawer
      opened={field !== undefined}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        <Text fw={700} size="lg">
          {field ? t("customFields.editTitle") : t("customFields.createTitle")}
        </Text>
      }
    >
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
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
          <FormActions onCancel={onClose} loading={save.isPending} />
        </Stack>
      </form>
    </Drawer>
  );
}

export function CustomFieldsScreen() {
  const { t } = useTranslation();
  const fields = useCustomFields(true);
  const [editing, setEditing] = useState<CustomField | null | undefined>(undefined);
  const add = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t("customFields.add")}
    </Button>
  );
  return (
    <>
      <PageHeader title={t("customFields.title")} description={t("customFields.description")} actions={add} />
      {fields.isError ? (
        <ErrorState error={fields.error} onRetry={() => void fields.refetch()} />
      ) : fields.isPending ? (
        <PageLoader />
      ) : fields.data.length === 0 ? (
        <EmptyState icon={<IconForms />} title={t("customFields.emptyTitle")} description={t("customFields.empty")}>
          {add}
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={680}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label={t("customFields.title")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("customFields.label")}</Table.Th>
                <Table.Th>{t("customFields.type")}</Table.Th>
                <Table.Th>{t("customFields.options")}</Table.Th>
                <Table.Th>{t("customFields.flags")}</Table.Th>
                <Table.Th w={60}>{t("common.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.data.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>
                    <Text fw={600}>{f.label}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {f.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t(`customFields.types.${f.type}`)}</Table.Td>
                  <Table.Td>{f.options.join(", ") || "—"}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {f.required && <Badge color="orange">{t("customFields.requiredBadge")}</Badge>}
                      {f.visibleToMember && <Badge color="blue">{t("customFields.visibleBadge")}</Badge>}
                      {!f.active && <Badge color="gray">{t("customFields.inactiveBadge")}</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon aria-label={t("common.actionsFor", { name: f.label })} onClick={() => setEditing(f)}>
                      <IconPencil size={20} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <FieldDrawer field={editing} onClose={() => setEditing(undefined)} />
    </>
  );
}
