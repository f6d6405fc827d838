import { Switch, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { EntityDrawer, useSaveForm } from "../../components/EntityDrawer";
import { PageEditor } from "./PageEditor";
import type { PortalPage } from "./portal-api";

interface Values {
  title: string;
  bodyHtml: string;
  active: boolean;
}

/** Creates a page (page = null) or edits one: title, rich text with images, shown or not. */
export function PageDrawer({ opened, page, onClose }: { opened: boolean; page: PortalPage | null; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useForm<Values>({
    initialValues: { title: "", bodyHtml: "", active: true },
    validate: { title: (v) => (!v.trim() ? t("validation.required") : v.length > 120 ? t("validation.tooLong", { max: 120 }) : null) },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: refill only when another page is opened
  useEffect(() => {
    if (!opened) return;
    const values = page ? { title: page.title, bodyHtml: page.bodyHtml, active: page.active } : { title: "", bodyHtml: "", active: true };
    form.setValues(values);
    form.resetDirty(values);
    form.clearErrors();
  }, [opened, page?.id]);
  const { onSubmit, saving } = useSaveForm({
    form,
    save: (v: Values) => {
      const body = { ...v, title: v.title.trim() };
      return page
        ? unwrap(api.PATCH("/api/v1/portal-pages/{id}", { params: { path: { id: page.id } }, body }))
        : unwrap(api.POST("/api/v1/portal-pages", { body }));
    },
    invalidate: [queryKeys.portalPages.all],
    savedMessage: () => t("portal.pages.saved"),
    onSaved: onClose,
  });
  return (
    <EntityDrawer
      opened={opened}
      onClose={onClose}
      title={page ? t("portal.pages.edit") : t("portal.pages.new")}
      onSubmit={onSubmit}
      saving={saving}
      size="xl"
    >
      <TextInput label={t("portal.pages.pageTitle")} withAsterisk data-autofocus {...form.getInputProps("title")} />
      <Switch label={t("portal.pages.active")} {...form.getInputProps("active", { type: "checkbox" })} />
      {opened && (
        <PageEditor
          key={page?.id ?? "new"}
          label={t("portal.pages.body")}
          description={t("portal.pages.bodyHelp")}
          value={form.values.bodyHtml}
          onChange={(html) => form.setFieldValue("bodyHtml", html)}
          error={form.errors.bodyHtml}
        />
      )}
    </EntityDrawer>
  );
}
