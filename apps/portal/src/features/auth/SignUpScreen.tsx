import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Fieldset,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Spoiler,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { IconHeartHandshake } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { applyLanguage, currentLanguage, type Language } from "../../i18n";
import { ErrorState } from "../../shell/ErrorState";
import { ScreenLoader } from "../../shell/Layout";
import { AuthCard } from "./AuthCard";
import { loadSignupForm, type SignupForm, signUp } from "./auth-api";
import { CustomFieldInput, customValueForApi, emptyCustomValue } from "./CustomFieldInput";
import { MIN_PASSWORD, rules, useAuthForm } from "./form";

/** Sign-up (also the {member_ref_link} /join?ref=…): the company's consents with their texts and the custom fields it asks for. */
export function SignUpScreen() {
  const [params] = useSearchParams();
  const ref = params.get("ref");
  const form = useQuery({ queryKey: ["portal", "signup-form", ref], queryFn: () => loadSignupForm(ref) });
  if (form.isPending) return <ScreenLoader />;
  if (form.isError) return <ErrorState onRetry={() => void form.refetch()} />;
  return <SignUpForm form={form.data} referralCode={form.data.referral?.valid ? form.data.referral.code : null} />;
}

function SignUpForm({ form: definition, referralCode }: { form: SignupForm; referralCode: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [consents, setConsents] = useState<Record<string, boolean>>({});
  const [custom, setCustom] = useState<Record<string, unknown>>(() =>
    Object.fromEntries(definition.customFields.map((f) => [f.key, emptyCustomValue(f)])),
  );
  const form = useAuthForm(
    { email: "", password: "", firstName: "", lastName: "", phone: "", birthday: "", language: currentLanguage() as string },
    {
      email: [rules.required, rules.email],
      password: [rules.required, rules.password],
      firstName: [rules.required],
      lastName: [rules.required],
    },
  );

  const submit = form.submit(async (v) => {
    const customFields: Record<string, unknown> = {};
    const missing: Record<string, string> = {};
    for (const f of definition.customFields) {
      const value = customValueForApi(f, custom[f.key]);
      if (value !== undefined) customFields[f.key] = value;
      else if (f.required) missing[`customFields.${f.key}`] = t("auth.errors.required");
    }
    if (Object.keys(missing).length > 0) {
      form.setErrors((e) => ({ ...e, ...missing }));
      return;
    }
    await signUp({
      email: v.email.trim(),
      password: v.password,
      firstName: v.firstName.trim(),
      lastName: v.lastName.trim(),
      phone: v.phone.trim() || null,
      birthday: v.birthday || null,
      language: v.language as Language,
      consents: definition.consents.map((c) => ({ consentId: c.id, version: c.version, granted: consents[c.id] === true })),
      customFields,
      referralCode,
    });
    navigate(`/verify?email=${encodeURIComponent(v.email.trim())}`);
  });

  const text = (key: "email" | "password" | "firstName" | "lastName" | "phone" | "birthday") => ({
    ...form.field(key),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => form.set(key, e.currentTarget.value),
  });

  return (
    <AuthCard title={t("auth.signUp.title")} error={form.formError}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{t("auth.signUp.intro", { name: definition.company.name })}</Text>
          {referralCode ? (
            <Alert icon={<IconHeartHandshake size={18} aria-hidden />} title={t("auth.signUp.invited")}>
              {t("auth.signUp.invitedBody")}
            </Alert>
          ) : definition.referral ? (
            <Text size="sm" c="dimmed">
              {t("auth.signUp.invalidRef")}
            </Text>
          ) : null}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label={t("auth.firstName")} autoComplete="given-name" required {...text("firstName")} />
            <TextInput label={t("auth.lastName")} autoComplete="family-name" required {...text("lastName")} />
          </SimpleGrid>
          <TextInput label={t("auth.email")} type="email" autoComplete="email" required {...text("email")} />
          <PasswordInput
            label={t("auth.password")}
            description={t("auth.passwordHelp", { min: MIN_PASSWORD })}
            autoComplete="new-password"
            required
            {...text("password")}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label={t("auth.phone")} type="tel" autoComplete="tel" {...text("phone")} />
            <TextInput label={t("auth.birthday")} type="date" autoComplete="bday" {...text("birthday")} />
          </SimpleGrid>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="signup-language">
              {t("auth.language")}
            </Text>
            <SegmentedControl
              aria-labelledby="signup-language"
              data={definition.languages.map((l) => ({ value: l, label: t(`shell.languages.${l}`) }))}
              value={form.values.language}
              onChange={(l) => {
                form.set("language", l);
                void applyLanguage(l as Language);
              }}
            />
          </Stack>
          {definition.customFields.length > 0 ? (
            <Fieldset legend={t("auth.signUp.fields")} radius="md">
              <Stack gap="sm">
                {definition.customFields.map((f) => (
                  <CustomFieldInput
                    key={f.key}
                    field={f}
                    value={custom[f.key]}
                    error={form.errors[`customFields.${f.key}`]}
                    onChange={(value) => {
                      setCustom((c) => ({ ...c, [f.key]: value }));
                      form.setErrors((e) => ({ ...e, [`customFields.${f.key}`]: undefined }));
                    }}
                  />
                ))}
              </Stack>
            </Fieldset>
          ) : null}
          {definition.consents.length > 0 ? (
            <Fieldset legend={t("auth.signUp.consents")} radius="md">
              <Stack gap="md">
                <Text size="sm" c="dimmed">
                  {t("auth.signUp.consentsHelp")}
                </Text>
                {definition.consents.map((c, i) => (
                  <Stack key={c.id} gap={4}>
                    <Checkbox
                      label={c.name}
                      checked={consents[c.id] === true}
                      error={form.errors[`consents.${i}.version`] ?? form.errors[`consents.${i}.consentId`]}
                      onChange={(e) => {
                        const checked = e.currentTarget.checked;
                        setConsents((s) => ({ ...s, [c.id]: checked }));
                      }}
                    />
                    <Spoiler maxHeight={43} showLabel={t("auth.signUp.readText")} hideLabel={t("auth.signUp.hideText")} ml={32}>
                      <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-line" }}>
                        {c.text}
                      </Text>
                    </Spoiler>
                  </Stack>
                ))}
              </Stack>
            </Fieldset>
          ) : null}
          <Button type="submit" size="md" loading={form.submitting}>
            {t("auth.signUp.submit")}
          </Button>
          <Text size="sm">
            {t("auth.signUp.haveAccount")}{" "}
            <Anchor component={Link} to="/sign-in">
              {t("auth.signIn.title")}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
