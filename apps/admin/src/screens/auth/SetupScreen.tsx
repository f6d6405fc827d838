import { Button, Divider, Grid, PasswordInput, Stack, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api, type Language, unwrap } from "../../api/client";
import { useAcceptSession } from "../../api/session";
import { EMAIL_RE, notifySaved, SLUG_RE, showFormError } from "../../components/feedback";
import { CurrencySelect, LanguageSelect, TimeZoneSelect } from "../../components/pickers";
import { currentLanguage } from "../../i18n";
import { AuthLayout } from "./AuthLayout";

interface Values {
  company: { name: string; slug: string; currency: string; timeZone: string; language: Language };
  owner: { name: string; email: string; password: string; passwordRepeat: string };
}

/** First run: creates the first company and its owner, then signs the owner in. */
export function SetupScreen() {
  const { t, i18n } = useTranslation();
  const accept = useAcceptSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<Values>({
    initialValues: {
      company: { name: "", slug: "", currency: "PLN", timeZone: "Europe/Warsaw", language: currentLanguage() },
      owner: { name: "", email: "", password: "", passwordRepeat: "" },
    },
    validate: {
      company: {
        name: (v) => (v.trim() ? null : t("validation.required")),
        slug: (v) => (!v || (v.length >= 2 && SLUG_RE.test(v)) ? null : t("validation.slug")),
      },
      owner: {
        name: (v) => (v.trim() ? null : t("validation.required")),
        email: (v) => (EMAIL_RE.test(v.trim()) ? null : t("validation.email")),
        password: (v) => (v.length >= 10 && v.length <= 256 ? null : t("validation.passwordRule")),
        passwordRepeat: (v, values) => (v === values.owner.password ? null : t("validation.passwordsDiffer")),
      },
    },
  });

  // Until the user picks one, the company's language follows the interface language.
  const uiLanguage = i18n.language === "en" ? "en" : "pl";
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow only the interface language
  useEffect(() => {
    if (!form.isDirty("company.language")) {
      form.setFieldValue("company.language", uiLanguage);
      form.resetDirty();
    }
  }, [uiLanguage]);

  const setup = useMutation({
    mutationFn: ({ company, owner }: Values) =>
      unwrap(
        api.POST("/api/v1/setup", {
          body: {
            company: {
              name: company.name.trim(),
              slug: company.slug || undefined,
              currency: company.currency,
              timeZone: company.timeZone,
              language: company.language,
            },
            owner: { name: owner.name.trim(), email: owner.email.trim(), password: owner.password, language: currentLanguage() },
          },
        }),
      ),
    onSuccess: (session) => {
      accept(session);
      queryClient.setQueryData(["setup"], { needsSetup: false });
      notifySaved(t, t("setup.done"));
      navigate("/");
    },
    onError: (err) => showFormError(t, form, err),
  });

  return (
    <AuthLayout title={t("setup.title")} subtitle={t("setup.subtitle")} width={720}>
      <form onSubmit={form.onSubmit((v) => setup.mutate(v))} noValidate>
        <Stack>
          <Title order={2} size="h4">
            {t("setup.companySection")}
          </Title>
          <Grid>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t("companyProfile.name")} withAsterisk autoFocus {...form.getInputProps("company.name")} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label={t("companyProfile.slug")}
                description={t("companyProfile.slugHelp")}
                {...form.getInputProps("company.slug")}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <CurrencySelect label={t("companyProfile.currency")} {...form.getInputProps("company.currency")} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TimeZoneSelect label={t("companyProfile.timeZone")} {...form.getInputProps("company.timeZone")} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <LanguageSelect label={t("companyProfile.language")} {...form.getInputProps("company.language")} />
            </Grid.Col>
          </Grid>
          <Divider my="xs" />
          <Title order={2} size="h4">
            {t("setup.ownerSection")}
          </Title>
          <Grid>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t("setup.ownerName")} withAsterisk autoComplete="name" {...form.getInputProps("owner.name")} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label={t("setup.ownerEmail")}
                type="email"
                withAsterisk
                autoComplete="username"
                {...form.getInputProps("owner.email")}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <PasswordInput
                label={t("setup.password")}
                description={form.errors["owner.password"] ? undefined : t("validation.passwordRule")}
                withAsterisk
                autoComplete="new-password"
                {...form.getInputProps("owner.password")}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <PasswordInput
                label={t("setup.passwordRepeat")}
                withAsterisk
                autoComplete="new-password"
                {...form.getInputProps("owner.passwordRepeat")}
              />
            </Grid.Col>
          </Grid>
          <Button type="submit" loading={setup.isPending} mt="md">
            {t("setup.submit")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
