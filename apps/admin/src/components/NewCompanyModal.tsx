import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Language, unwrap } from "../api/client";
import { currentLanguage } from "../i18n";
import { notifySaved, SLUG_RE, showFormError } from "./feedback";

interface Values {
  name: string;
  slug: string;
  language: Language;
}

/** Operators only: creates another company; the creator becomes its owner. */
export function NewCompanyModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const form = useForm<Values>({
    initialValues: { name: "", slug: "", language: currentLanguage() },
    validate: {
      name: (v) => (v.trim() ? null : t("validation.required")),
      slug: (v) => (!v || SLUG_RE.test(v) ? null : t("validation.slug")),
    },
  });
  const create = useMutation({
    mutationFn: (v: Values) =>
      unwrap(api.POST("/api/v1/companies", { body: { name: v.name.trim(), slug: v.slug || undefined, language: v.language } })),
    onSuccess: (company) => {
      notifySaved(t, t("shell.companyCreated", { name: company.name }));
      form.reset();
      onCreated(company.id);
    },
    onError: (err) => showFormError(t, form, err),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t("shell.newCompany")}>
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack>
          <TextInput label={t("companyProfile.name")} withAsterisk data-autofocus {...form.getInputProps("name")} />
          <TextInput label={t("companyProfile.slug")} description={t("companyProfile.slugHelp")} {...form.getInputProps("slug")} />
          <Select
            label={t("companyProfile.language")}
            data={[
              { value: "pl", label: t("languages.pl") },
              { value: "en", label: t("languages.en") },
            ]}
            allowDeselect={false}
            {...form.getInputProps("language")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t("common.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
