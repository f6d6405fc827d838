import { MultiSelect, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { type CreatedEndpoint, useWebhookEventTypes, type WebhookEndpoint } from "../../../api/webhooks";
import { EntityDrawer, useSaveForm } from "../../../components/EntityDrawer";
import { eventGroupLabel, eventTypeLabel } from "./webhook-parts";

interface Values {
  url: string;
  description: string;
  eventTypes: string[];
}

/** The event types as a multi-select grouped like the catalogue (members, points, purchases…), named in the interface language. */
export function EventTypesSelect({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (v: string[]) => void;
  error?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const catalogue = useWebhookEventTypes();
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const e of catalogue.data ?? []) {
    const items = groups.get(e.group) ?? [];
    items.push({ value: e.type, label: eventTypeLabel(t, e.type, catalogue.data) });
    groups.set(e.group, items);
  }
  const data = [...groups].map(([group, items]) => ({ group: eventGroupLabel(t, group), items }));
  return (
    <MultiSelect
      label={t("integrations.webhooks.form.eventTypes")}
      description={t("integrations.webhooks.form.eventTypesHelp")}
      placeholder={value.length === 0 ? t("integrations.webhooks.allEvents") : undefined}
      data={data}
      value={value}
      onChange={onChange}
      error={error}
      searchable
      clearable
      hidePickedOptions
      maxDropdownHeight={320}
      disabled={catalogue.isPending}
      data-testid="event-types"
    />
  );
}

/** Adds an endpoint (then its secret is shown once) or edits one's address, description and events. */
export function WebhookDrawer({
  opened,
  endpoint,
  onClose,
  onCreated,
}: {
  opened: boolean;
  endpoint: WebhookEndpoint | null;
  onClose: () => void;
  onCreated?: (created: CreatedEndpoint) => void;
}) {
  const { t } = useTranslation();
  const form = useForm<Values>({
    initialValues: { url: endpoint?.url ?? "", description: endpoint?.description ?? "", eventTypes: endpoint?.eventTypes ?? [] },
    validate: {
      url: (v) => {
        if (!v.trim()) return t("validation.required");
        try {
          const u = new URL(v.trim());
          return u.protocol === "https:" || u.protocol === "http:" ? null : t("integrations.webhooks.form.urlInvalid");
        } catch {
          return t("integrations.webhooks.form.urlInvalid");
        }
      },
    },
  });
  const body = (v: Values) => ({ url: v.url.trim(), description: v.description.trim(), eventTypes: v.eventTypes });
  const { saving, onSubmit } = useSaveForm<Values, CreatedEndpoint | WebhookEndpoint>({
    form,
    save: (v) =>
      endpoint
        ? unwrap(api.PATCH("/api/v1/webhooks/endpoints/{id}", { params: { path: { id: endpoint.id } }, body: body(v) }))
        : unwrap(api.POST("/api/v1/webhooks/endpoints", { body: body(v) })),
    invalidate: [queryKeys.webhookEndpoints.all],
    savedMessage: () => (endpoint ? t("integrations.webhooks.updated") : t("integrations.webhooks.created")),
    onSaved: (saved) => {
      if ("secret" in saved) onCreated?.(saved);
      else onClose();
    },
    // "eventTypes.2" (an unknown type) belongs to the select.
    mapPath: (p) => (p.startsWith("eventTypes.") ? "eventTypes" : p),
  });
  return (
    <EntityDrawer
      opened={opened}
      onClose={onClose}
      title={endpoint ? t("integrations.webhooks.editTitle") : t("integrations.webhooks.addTitle")}
      onSubmit={onSubmit}
      saving={saving}
      submitLabel={endpoint ? undefined : t("integrations.webhooks.add")}
    >
      <TextInput
        label={t("integrations.webhooks.form.url")}
        description={t("integrations.webhooks.form.urlHelp")}
        placeholder="https://example.com/webhooks/regulars"
        withAsterisk
        data-autofocus
        inputMode="url"
        {...form.getInputProps("url")}
      />
      <Textarea
        label={t("integrations.webhooks.form.description")}
        description={t("integrations.webhooks.form.descriptionHelp")}
        autosize
        minRows={2}
        {...form.getInputProps("description")}
      />
      <EventTypesSelect
        value={form.values.eventTypes}
        onChange={(v) => form.setFieldValue("eventTypes", v)}
        error={form.errors.eventTypes}
      />
    </EntityDrawer>
  );
}
