import {
  Alert,
  Avatar,
  Button,
  Card,
  Fieldset,
  FileButton,
  Grid,
  Group,
  NumberInput,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconLock, IconPhoto, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, type Company, type Language, unwrap, uploadMedia } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { sessionKey, useCan } from "../../api/session";
import { ErrorState } from "../../components/ErrorState";
import { EMAIL_RE, notifyError, notifySaved, SLUG_RE, showFormError } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";
import { CurrencySelect, LanguageSelect, TimeZoneSelect } from "../../components/pickers";
import { formatDateTime } from "../../format";

interface Values {
  name: string;
  slug: string;
  description: string;
  currency: string;
  timeZone: string;
  language: Language;
  dpoEmail: string;
  /** Months without activity after which members are erased; "" = never. */
  inactiveMemberErasureMonths: number | string;
}

/** The same query as useCompanyCurrency (api/lookups.ts): saving here updates both. */
const companyKey = queryKeys.company.all;

function toValues(c: Company): Values {
  return {
    name: c.name,
    slug: c.slug,
    description: c.description,
    currency: c.currency,
    timeZone: c.timeZone,
    language: c.language,
    dpoEmail: c.dpoEmail ?? "",
    inactiveMemberErasureMonths: c.inactiveMemberErasureMonths ?? "",
  };
}

export function CompanyScreen() {
  const { t } = useTranslation();
  const canWrite = useCan("company.write");
  const queryClient = useQueryClient();
  const company = useQuery({ queryKey: companyKey, queryFn: () => unwrap(api.GET("/api/v1/company")) });
  const form = useForm<Values>({
    initialValues: {
      name: "",
      slug: "",
      description: "",
      currency: "PLN",
      timeZone: "Europe/Warsaw",
      language: "pl",
      dpoEmail: "",
      inactiveMemberErasureMonths: "",
    },
    validate: {
      name: (v) => (v.trim() ? null : t("validation.required")),
      slug: (v) => (v.length >= 2 && SLUG_RE.test(v) ? null : t("validation.slug")),
      description: (v) => (v.length <= 1000 ? null : t("validation.tooLong", { max: 1000 })),
      dpoEmail: (v) => (!v.trim() || EMAIL_RE.test(v.trim()) ? null : t("validation.email")),
      inactiveMemberErasureMonths: (v) =>
        v === "" || (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 240) ? null : t("companyProfile.inactiveMonthsRange"),
    },
  });

  const loaded = company.data;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the form only when fresh data arrives
  useEffect(() => {
    if (loaded) {
      form.setValues(toValues(loaded));
      form.resetDirty(toValues(loaded));
    }
  }, [loaded]);

  const saved = (next: Company) => {
    queryClient.setQueryData(companyKey, next);
    void queryClient.invalidateQueries({ queryKey: sessionKey });
  };

  const save = useMutation({
    mutationFn: (v: Values) =>
      unwrap(
        api.PATCH("/api/v1/company", {
          body: {
            ...v,
            name: v.name.trim(),
            dpoEmail: v.dpoEmail.trim() || null,
            inactiveMemberErasureMonths: v.inactiveMemberErasureMonths === "" ? null : Number(v.inactiveMemberErasureMonths),
          },
        }),
      ),
    onSuccess: (next) => {
      saved(next);
      notifySaved(t, t("companyProfile.saved"));
    },
    onError: (err) => showFormError(t, form, err),
  });

  const setLogo = useMutation({
    mutationFn: async (file: File | null) => {
      const logoMediaId = file ? (await uploadMedia(file)).id : null;
      return unwrap(api.PATCH("/api/v1/company", { body: { logoMediaId } }));
    },
    onSuccess: (next) => {
      saved(next);
      notifySaved(t, next.logoUrl ? t("companyProfile.logoSaved") : t("companyProfile.logoRemoved"));
    },
    onError: (err) => notifyError(t, err),
  });

  if (company.isError) return <ErrorState error={company.error} onRetry={() => void company.refetch()} />;

  return (
    <>
      <PageHeader title={t("companyProfile.title")} description={t("companyProfile.description")} />
      {!canWrite && (
        <Alert icon={<IconLock />} color="gray" mb="md">
          {t("common.readOnly")}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
            <Fieldset legend={t("companyProfile.details")} disabled={!canWrite || company.isPending} radius="lg">
              <Grid>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <TextInput label={t("companyProfile.name")} withAsterisk {...form.getInputProps("name")} />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <TextInput
                    label={t("companyProfile.slug")}
                    description={t("companyProfile.slugHelp")}
                    withAsterisk
                    {...form.getInputProps("slug")}
                  />
                </Grid.Col>
                <Grid.Col span={12}>
                  <Textarea
                    label={t("companyProfile.shortDescription")}
                    autosize
                    minRows={3}
                    maxLength={1000}
                    {...form.getInputProps("description")}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 4 }}>
                  <CurrencySelect label={t("companyProfile.currency")} {...form.getInputProps("currency")} />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 4 }}>
                  <TimeZoneSelect label={t("companyProfile.timeZone")} {...form.getInputProps("timeZone")} />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 4 }}>
                  <LanguageSelect label={t("companyProfile.language")} {...form.getInputProps("language")} />
                </Grid.Col>
                <Grid.Col span={12}>
                  <TextInput
                    label={t("companyProfile.dpoEmail")}
                    description={t("companyProfile.dpoEmailHelp")}
                    type="email"
                    {...form.getInputProps("dpoEmail")}
                  />
                </Grid.Col>
                <Grid.Col span={12}>
                  <NumberInput
                    label={t("companyProfile.inactiveMonths")}
                    description={t("companyProfile.inactiveMonthsHelp")}
                    placeholder={t("companyProfile.inactiveMonthsOff")}
                    min={1}
                    max={240}
                    allowDecimal={false}
                    allowNegative={false}
                    {...form.getInputProps("inactiveMemberErasureMonths")}
                  />
                </Grid.Col>
              </Grid>
              {canWrite && (
                <Group justify="flex-end" mt="lg">
                  <Button type="submit" loading={save.isPending}>
                    {t("common.save")}
                  </Button>
                </Group>
              )}
            </Fieldset>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Card withBorder radius="lg" p="lg">
            <Text fw={600} mb="sm">
              {t("companyProfile.logo")}
            </Text>
            <Stack align="center" gap="md">
              <Avatar
                src={loaded?.logoUrl}
                size={120}
                radius="md"
                alt={loaded?.logoUrl ? t("companyProfile.logoAlt", { name: loaded.name }) : ""}
                data-testid="logo-preview"
              >
                <IconPhoto size={48} />
              </Avatar>
              <Text size="xs" c="dimmed" ta="center">
                {t("companyProfile.logoHelp")}
              </Text>
              {canWrite && (
                <Group>
                  <FileButton onChange={(file) => file && setLogo.mutate(file)} accept="image/png,image/jpeg,image/webp,image/gif">
                    {(props) => (
                      <Button {...props} variant="light" leftSection={<IconPhoto size={18} />} loading={setLogo.isPending}>
                        {t("companyProfile.uploadLogo")}
                      </Button>
                    )}
                  </FileButton>
                  {loaded?.logoUrl && (
                    <Button variant="subtle" color="red" leftSection={<IconTrash size={18} />} onClick={() => setLogo.mutate(null)}>
                      {t("companyProfile.removeLogo")}
                    </Button>
                  )}
                </Group>
              )}
            </Stack>
          </Card>
          {loaded && (
            <Text size="xs" c="dimmed" mt="sm">
              {t("companyProfile.updatedAt", { date: formatDateTime(loaded.updatedAt) })}
            </Text>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}
