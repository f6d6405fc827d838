import { Button, Group, Modal, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { IconDownload, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Notice } from "./Notice";
import { downloadMyData, type Profile, profileKey, requestDeletion } from "./profile-api";

const locale = (language: string) => (language === "en" ? "en-GB" : "pl-PL");

/** My rights over my data: a copy of it (JSON), and asking the company to delete my account. */
export function PrivacySection({ profile }: { profile: Profile }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const download = useMutation({ mutationFn: downloadMyData });
  const request = useMutation({
    mutationFn: () => requestDeletion(reason.trim()),
    onSuccess: () => {
      setAsking(false);
      void queryClient.invalidateQueries({ queryKey: profileKey });
    },
  });
  const requestedAt = profile.erasureRequestedAt;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="profile-privacy">
      <Stack gap="md">
        <Title order={2} size="h4" id="profile-privacy">
          {t("profile.privacy")}
        </Title>
        <Text size="sm">{t("profile.downloadHelp")}</Text>
        <Button
          variant="default"
          size="md"
          leftSection={<IconDownload size={18} aria-hidden />}
          loading={download.isPending}
          onClick={() => download.mutate()}
        >
          {t("profile.download")}
        </Button>
        {download.isError && (
          <Notice tone="red" role="alert">
            {t("profile.saveFailed")}
          </Notice>
        )}
        {requestedAt ? (
          <Notice tone="orange" role="status" title={t("profile.deletionRequested")}>
            {t("profile.deletionRequestedOn", {
              date: new Intl.DateTimeFormat(locale(i18n.language), { dateStyle: "long" }).format(new Date(requestedAt)),
            })}
          </Notice>
        ) : (
          <>
            <Text size="sm">{t("profile.deleteHelp")}</Text>
            <Button variant="default" c="red.9" size="md" leftSection={<IconTrash size={18} aria-hidden />} onClick={() => setAsking(true)}>
              {t("profile.delete")}
            </Button>
          </>
        )}
        <Text size="sm">
          {t("profile.signOutEverywhereHelp")}{" "}
          <Text component={Link} to="/more" size="sm" fw={600} c="var(--mantine-primary-color-filled)">
            {t("profile.moreLink")}
          </Text>
        </Text>
      </Stack>
      <Modal opened={asking} onClose={() => setAsking(false)} title={t("profile.deleteTitle")} size="md">
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            request.mutate();
          }}
        >
          <Stack>
            <Text size="sm">{t("profile.deleteExplain")}</Text>
            <Textarea
              label={t("profile.deleteReason")}
              autosize
              minRows={2}
              maxLength={1000}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            {request.isError && (
              <Notice tone="red" role="alert">
                {t("profile.saveFailed")}
              </Notice>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(false)}>
                {t("profile.cancel")}
              </Button>
              <Button type="submit" color="red.9" loading={request.isPending}>
                {t("profile.deleteConfirm")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
