import { Button, Card, Group, Loader, NumberInput, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { ErrorState } from "../../components/ErrorState";
import { notifySaved, showFormError } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";

/** An example card number for the pattern (Luhn check digit when asked). */
export function exampleCardNumber(prefix: string, digits: number, checkDigit: boolean): string {
  const body = `${prefix.replace(/\D/g, "")}4821937560192837465`.slice(0, Math.max(digits - (checkDigit ? 1 : 0), 0));
  if (!checkDigit) return body;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

export function MemberSettingsScreen() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: queryKeys.memberSettings.all, queryFn: () => unwrap(api.GET("/api/v1/member-settings")) });
  const form = useForm({
    initialValues: { cardNumberPrefix: "", cardNumberDigits: 10 as number | string, cardNumberCheckDigit: true },
    validate: {
      cardNumberPrefix: (v, values) =>
        /^\d*$/.test(v) && v.length < Number(values.cardNumberDigits) ? null : t("memberSettings.prefixInvalid"),
      cardNumberDigits: (v) => (Number(v) >= 6 && Number(v) <= 16 ? null : t("memberSettings.digitsInvalid")),
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once
  useEffect(() => {
    if (settings.data) {
      form.setValues(settings.data);
      form.resetDirty(settings.data);
    }
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      unwrap(
        api.PATCH("/api/v1/member-settings", {
          body: {
            cardNumberPrefix: v.cardNumberPrefix,
            cardNumberDigits: Number(v.cardNumberDigits),
            cardNumberCheckDigit: v.cardNumberCheckDigit,
          },
        }),
      ),
    onSuccess: (s) => {
      queryClient.setQueryData(queryKeys.memberSettings.all, s);
      notifySaved(t);
    },
    onError: (err) => showFormError(t, form, err),
  });
  const v = form.getValues();
  return (
    <>
      <PageHeader title={t("memberSettings.title")} description={t("memberSettings.description")} />
      {settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : settings.isPending ? (
        <Loader aria-label={t("common.loading")} />
      ) : (
        <Card withBorder radius="lg" p="lg" maw={640}>
          <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
            <Stack>
              <TextInput
                label={t("memberSettings.prefix")}
                description={t("memberSettings.prefixHelp")}
                inputMode="numeric"
                {...form.getInputProps("cardNumberPrefix")}
              />
              <NumberInput
                label={t("memberSettings.digits")}
                description={t("memberSettings.digitsHelp")}
                min={6}
                max={16}
                allowDecimal={false}
                {...form.getInputProps("cardNumberDigits")}
              />
              <Switch
                label={t("memberSettings.checkDigit")}
                description={t("memberSettings.checkDigitHelp")}
                {...form.getInputProps("cardNumberCheckDigit", { type: "checkbox" })}
              />
              <Text size="sm">
                {t("memberSettings.example")}{" "}
                <Text span ff="monospace" fw={700} data-testid="card-example">
                  {exampleCardNumber(v.cardNumberPrefix, Number(v.cardNumberDigits) || 0, v.cardNumberCheckDigit)}
                </Text>
              </Text>
              <Text size="xs" c="dimmed">
                {t("memberSettings.appliesToNew")}
              </Text>
              <Group justify="flex-end">
                <Button type="submit" loading={save.isPending}>
                  {t("common.save")}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
    </>
  );
}
