import { Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import { ErrorState } from "../../shell/ErrorState";
import { Notice } from "./Notice";
import { type Consent, consentsKey, fetchConsents, saveConsent } from "./profile-api";

/** Each consent with its full text; switching it records my decision against the text shown. */
export function ConsentsSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const consents = useQuery({ queryKey: consentsKey, queryFn: fetchConsents });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const change = useMutation({
    mutationFn: ({ consent, granted }: { consent: Consent; granted: boolean }) => saveConsent(consent, granted),
    onSuccess: (data, { granted }) => {
      queryClient.setQueryData(consentsKey, data);
      setMessage({ ok: true, text: granted ? t("profile.consentGranted") : t("profile.consentWithdrawn") });
    },
    onError: (err) => {
      // The company changed the text meanwhile: show the new one and let the member decide again.
      const stale = err instanceof ApiError && err.status === 409;
      setMessage({ ok: false, text: stale ? t("profile.consentChanged") : t("profile.saveFailed") });
      void queryClient.invalidateQueries({ queryKey: consentsKey });
    },
  });
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="profile-consents">
      <Stack gap="md">
        <Title order={2} size="h4" id="profile-consents">
          {t("profile.consents")}
        </Title>
        <Text size="sm">{t("profile.consentsHelp")}</Text>
        {consents.isError && <ErrorState onRetry={() => void consents.refetch()} />}
        {consents.data?.data.map((c) => (
          <Stack key={c.consentId} gap={6}>
            <Switch
              size="md"
              label={c.name}
              checked={c.granted}
              disabled={change.isPending}
              onChange={(e) => change.mutate({ consent: c, granted: e.currentTarget.checked })}
              description={
                c.granted && c.grantedVersion !== null && c.grantedVersion !== c.version ? t("profile.consentNewText") : undefined
              }
            />
            <Text size="sm" style={{ whiteSpace: "pre-line" }} pl={54}>
              {c.text}
            </Text>
          </Stack>
        ))}
        {message && (
          <Notice tone={message.ok ? "green" : "orange"} role="status">
            {message.text}
          </Notice>
        )}
      </Stack>
    </Paper>
  );
}
