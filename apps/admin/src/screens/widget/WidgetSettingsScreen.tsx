import { Alert, Box, Button, Fieldset, Grid, Group, Stack, Switch } from "@mantine/core";
import { useForm } from "@mantine/form";
import { defaultTexts } from "@regulars/widget/preview";
import { IconLock } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { notifySaved, showFormError } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";
import { QueryView } from "../../components/QueryView";
import { currentLanguage } from "../../i18n";
import { AppearanceFields } from "./AppearanceFields";
import { OriginsField } from "./OriginsField";
import { WidgetInstallCard } from "./WidgetInstallCard";
import { type PreviewState, WidgetPreview } from "./WidgetPreview";
import { WidgetSecretCard } from "./WidgetSecretCard";
import { WidgetSignInCard } from "./WidgetSignInCard";
import { useWidgetSettings, type WidgetLanguage, type WidgetSettings } from "./widget-api";
import {
  DEFAULT_ACCENT,
  EMPTY_APPEARANCE,
  toFormValues,
  toInput,
  usableColor,
  validateWidgetForm,
  type WidgetFormValues,
} from "./widget-form";

/** Settings → Website widget: switch it on for the company's own sites, style it, install it, sign members in. */
export function WidgetSettingsScreen() {
  const { t } = useTranslation();
  const settings = useWidgetSettings();
  return (
    <>
      <PageHeader title={t("widget.title")} description={t("widget.description")} />
      <QueryView query={settings}>{(loaded) => <WidgetSettingsForm loaded={loaded} />}</QueryView>
    </>
  );
}

function WidgetSettingsForm({ loaded }: { loaded: WidgetSettings }) {
  const { t } = useTranslation();
  const canWrite = useCan("company.write");
  const queryClient = useQueryClient();
  const [language, setLanguage] = useState<WidgetLanguage>(currentLanguage());
  const [previewState, setPreviewState] = useState<PreviewState>("signed-out");
  const [previewOpen, setPreviewOpen] = useState(true);
  const form = useForm<WidgetFormValues>({
    initialValues: { enabled: false, allowedOrigins: [], appearance: EMPTY_APPEARANCE },
    validate: (values) => validateWidgetForm(values, t),
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the form only when fresh data arrives
  useEffect(() => {
    form.setValues(toFormValues(loaded));
    form.resetDirty(toFormValues(loaded));
  }, [loaded]);

  const save = useMutation({
    mutationFn: (input: WidgetFormValues) => unwrap(api.PUT("/api/v1/widget-settings", { body: input })),
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.widgetSettings.all, next);
      notifySaved(t, t("widget.saved"));
    },
    onError: (err) => showFormError(t, form, err),
  });
  const submit = form.onSubmit((values) => {
    const input = toInput(values);
    // The form shows what is sent (blank rows gone), so the API's `allowedOrigins.<i>` name the right row.
    form.setValues(input);
    save.mutate(input);
  });

  const v = form.getValues();
  const savedColor = usableColor(loaded.appearance.accentColor, DEFAULT_ACCENT);
  const { companyName, programName, logoUrl } = loaded.display;
  const disabled = !canWrite;

  return (
    <Stack gap="lg">
      {!canWrite && (
        <Alert icon={<IconLock />} color="gray">
          {t("common.readOnly")}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="lg">
              <Fieldset legend={t("widget.access")} disabled={disabled} radius="lg">
                <Stack>
                  <Switch
                    label={t("widget.enabled")}
                    description={t("widget.enabledHelp")}
                    {...form.getInputProps("enabled", { type: "checkbox" })}
                  />
                  <OriginsField form={form} disabled={disabled} />
                </Stack>
              </Fieldset>
              <Fieldset legend={t("widget.appearance")} disabled={disabled} radius="lg">
                <AppearanceFields form={form} language={language} onLanguageChange={setLanguage} defaults={defaultTexts(programName)} />
              </Fieldset>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            {/* Beside the form on wide screens it stays in view while the form scrolls. */}
            <Box style={{ position: "sticky", top: "calc(var(--app-shell-header-offset, 0px) + 16px)" }}>
              <WidgetPreview
                input={{
                  appearance: { ...v.appearance, accentColor: usableColor(v.appearance.accentColor, savedColor) },
                  companyName,
                  programName,
                  logoUrl,
                  language,
                  state: previewState,
                  open: previewOpen,
                }}
                onLanguageChange={setLanguage}
                onStateChange={setPreviewState}
                onOpenChange={setPreviewOpen}
              />
            </Box>
          </Grid.Col>
          {canWrite && (
            <Grid.Col span={12}>
              <Group justify="flex-end">
                <Button type="submit" loading={save.isPending}>
                  {t("common.save")}
                </Button>
              </Group>
            </Grid.Col>
          )}
        </Grid>
      </form>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="lg">
            <WidgetInstallCard settings={loaded} />
            <WidgetSecretCard settings={loaded} canWrite={canWrite} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <WidgetSignInCard settings={loaded} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
