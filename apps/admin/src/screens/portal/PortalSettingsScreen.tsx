import { Alert, Button, ColorInput, Fieldset, Grid, Group, Select, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconLock } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { usePrograms } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { ErrorState } from "../../components/ErrorState";
import { notifySaved, showFormError } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";
import { ImageField } from "./ImageField";
import { PortalLinkCard } from "./PortalLinkCard";
import { PortalPreview } from "./PortalPreview";
import { BARCODE_FORMATS, type BarcodeFormat, type PortalSettings, usePortalSettings } from "./portal-api";

interface Values {
  enabled: boolean;
  customDomain: string;
  programName: string;
  logoMediaId: string | null;
  logoUrl: string | null;
  backgroundMediaId: string | null;
  backgroundUrl: string | null;
  faviconMediaId: string | null;
  faviconUrl: string | null;
  accentColor: string;
  identifierLabelPl: string;
  identifierLabelEn: string;
  barcodeFormat: BarcodeFormat;
  defaultProgramId: string | null;
}

const toValues = (s: PortalSettings): Values => ({
  enabled: s.enabled,
  customDomain: s.customDomain ?? "",
  programName: s.programName,
  logoMediaId: s.logoMediaId,
  logoUrl: s.logoUrl,
  backgroundMediaId: s.backgroundMediaId,
  backgroundUrl: s.backgroundUrl,
  faviconMediaId: s.faviconMediaId,
  faviconUrl: s.faviconUrl,
  accentColor: s.accentColor,
  identifierLabelPl: s.identifierLabelPl,
  identifierLabelEn: s.identifierLabelEn,
  barcodeFormat: s.barcodeFormat,
  defaultProgramId: s.defaultProgramId,
});

const HOST_RE = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;
const COLOR_RE = /^#[0-9a-f]{6}$/i;

export function PortalSettingsScreen() {
  const { t, i18n } = useTranslation();
  const canWrite = useCan("company.write");
  const queryClient = useQueryClient();
  const settings = usePortalSettings();
  const programs = usePrograms();
  const form = useForm<Values>({
    initialValues: toValues({
      enabled: true,
      slug: "",
      shortLink: "",
      customDomain: null,
      programName: "",
      logoMediaId: null,
      logoUrl: null,
      backgroundMediaId: null,
      backgroundUrl: null,
      faviconMediaId: null,
      faviconUrl: null,
      accentColor: "#2f9e44",
      identifierLabelPl: "",
      identifierLabelEn: "",
      barcodeFormat: "code128",
      defaultProgramId: null,
      updatedAt: null,
    }),
    validate: {
      customDomain: (v) => (!v.trim() || HOST_RE.test(v.trim()) ? null : t("fieldErrors.hostname")),
      accentColor: (v) => (COLOR_RE.test(v) ? null : t("fieldErrors.colour", { example: "#2f9e44" })),
      programName: (v) => (v.length <= 120 ? null : t("validation.tooLong", { max: 120 })),
      identifierLabelPl: (v) => (v.length <= 60 ? null : t("validation.tooLong", { max: 60 })),
      identifierLabelEn: (v) => (v.length <= 60 ? null : t("validation.tooLong", { max: 60 })),
    },
  });

  const loaded = settings.data;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the form only when fresh data arrives
  useEffect(() => {
    if (loaded) {
      form.setValues(toValues(loaded));
      form.resetDirty(toValues(loaded));
    }
  }, [loaded]);

  const save = useMutation({
    mutationFn: ({ logoUrl: _l, backgroundUrl: _b, faviconUrl: _f, ...v }: Values) =>
      unwrap(
        api.PUT("/api/v1/portal-settings", {
          body: { ...v, customDomain: v.customDomain.trim() || null, programName: v.programName.trim() },
        }),
      ),
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.portalSettings.all, next);
      notifySaved(t, t("portal.saved"));
    },
    onError: (err) => showFormError(t, form, err),
  });

  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;

  const v = form.values;
  const defaultProgram = programs.data?.find((p) => p.id === v.defaultProgramId) ?? programs.data?.find((p) => p.status === "active");
  const labelFor = i18n.language === "en" ? v.identifierLabelEn || "Card number" : v.identifierLabelPl || "Numer karty";
  const image = (field: "logo" | "background" | "favicon") => ({
    url: v[`${field}Url`],
    error: form.errors[`${field}MediaId`],
    disabled: !canWrite,
    onChange: (img: { id: string; url: string } | null) =>
      form.setValues({ [`${field}MediaId`]: img?.id ?? null, [`${field}Url`]: img?.url ?? null } as Partial<Values>),
  });

  return (
    <>
      <PageHeader title={t("portal.title")} description={t("portal.description")} />
      {!canWrite && (
        <Alert icon={<IconLock />} color="gray" mb="md">
          {t("common.readOnly")}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
            <Stack gap="lg">
              <Fieldset legend={t("portal.access")} disabled={!canWrite || settings.isPending} radius="lg">
                <Stack>
                  <Switch
                    label={t("portal.enabled")}
                    description={t("portal.enabledHelp")}
                    {...form.getInputProps("enabled", { type: "checkbox" })}
                  />
                  <TextInput
                    label={t("portal.shortAddress")}
                    description={t("portal.shortAddressHelp")}
                    value={loaded?.shortLink ?? ""}
                    readOnly
                  />
                  <TextInput
                    label={t("portal.customDomain")}
                    description={t("portal.customDomainHelp")}
                    placeholder="klub.example.com"
                    {...form.getInputProps("customDomain")}
                  />
                </Stack>
              </Fieldset>
              <Fieldset legend={t("portal.layout")} disabled={!canWrite || settings.isPending} radius="lg">
                <Grid>
                  <Grid.Col span={{ base: 12, sm: 6 }}>
                    <TextInput
                      label={t("portal.programName")}
                      description={t("portal.programNameHelp")}
                      placeholder={defaultProgram?.name}
                      {...form.getInputProps("programName")}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 6 }}>
                    <Select
                      label={t("portal.defaultProgram")}
                      placeholder={t("portal.defaultProgramNone")}
                      data={(programs.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                      clearable
                      {...form.getInputProps("defaultProgramId")}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 6 }}>
                    <ColorInput
                      label={t("portal.accentColor")}
                      format="hex"
                      withEyeDropper={false}
                      {...form.getInputProps("accentColor")}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 6 }}>
                    <Select
                      label={t("portal.barcodeFormat")}
                      data={BARCODE_FORMATS.map((f) => ({ value: f, label: t(`portal.barcode.${f}`) }))}
                      allowDeselect={false}
                      {...form.getInputProps("barcodeFormat")}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 6 }}>
                    <TextInput
                      label={t("portal.identifierLabelPl")}
                      description={t("portal.identifierLabelHelp", { example: "Numer karty" })}
                      {...form.getInputProps("identifierLabelPl")}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 6 }}>
                    <TextInput
                      label={t("portal.identifierLabelEn")}
                      description={t("portal.identifierLabelHelp", { example: "Card number" })}
                      {...form.getInputProps("identifierLabelEn")}
                    />
                  </Grid.Col>
                </Grid>
              </Fieldset>
              <Fieldset legend={t("portal.images")} disabled={!canWrite || settings.isPending} radius="lg">
                <Grid>
                  <Grid.Col span={{ base: 12, lg: 4 }}>
                    <ImageField label={t("portal.logo")} {...image("logo")} />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, lg: 4 }}>
                    <ImageField label={t("portal.background")} {...image("background")} />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, lg: 4 }}>
                    <ImageField label={t("portal.favicon")} {...image("favicon")} />
                  </Grid.Col>
                </Grid>
              </Fieldset>
              {canWrite && (
                <Group justify="flex-end">
                  <Button type="submit" loading={save.isPending}>
                    {t("common.save")}
                  </Button>
                </Group>
              )}
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <div>
              <Text fw={600} mb="sm">
                {t("portal.preview")}
              </Text>
              <PortalPreview
                values={{
                  programName: v.programName || defaultProgram?.name || "",
                  accentColor: v.accentColor,
                  logoUrl: v.logoUrl,
                  backgroundUrl: v.backgroundUrl,
                  identifierLabel: labelFor,
                  barcodeFormat: v.barcodeFormat,
                }}
              />
            </div>
            {loaded && <PortalLinkCard link={loaded.shortLink} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
