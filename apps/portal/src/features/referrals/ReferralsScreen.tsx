import { Badge, Button, Card, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title, VisuallyHidden } from "@mantine/core";
import { IconCheck, IconCopy, IconShare } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, slug, unwrap } from "../../api/client";
import { ErrorState } from "../../shell/ErrorState";
import { ScreenLoader } from "../../shell/Layout";

// Each light badge keeps its text at 4.5:1 or more on its tint (green.9 does not: 4.0).
const STATUS_COLORS = { registered: "blue", successful: "cyan", rewarded: "grape", inactive: "gray" } as const;

const locale = (language: string) => (language === "en" ? "en-GB" : "pl-PL");

/** My referral link to share, the friends who joined through it and what they earned me. */
export function ReferralsScreen() {
  const { t, i18n } = useTranslation();
  const [copied, setCopied] = useState(false);
  const referrals = useQuery({
    queryKey: ["portal", "me", "referrals"],
    queryFn: () => unwrap(api.GET("/api/v1/portal/{slug}/me/referrals", { params: { path: { slug } } })),
  });
  if (referrals.isPending) return <ScreenLoader />;
  if (referrals.isError) return <ErrorState onRetry={() => void referrals.refetch()} />;
  const { link, friends, pointsEarned } = referrals.data;
  const canShare = typeof navigator !== "undefined" && typeof navigator.share === "function";

  const copy = async () => {
    await navigator.clipboard.writeText(link);
    setCopied(true);
    setTimeout(() => setCopied(false), 3000);
  };
  // The Web Share API opens the phone's own share sheet (messengers, SMS, e-mail); elsewhere the link is copied.
  const share = async () => {
    if (!canShare) return copy();
    try {
      await navigator.share({ title: t("referrals.shareTitle"), text: t("referrals.shareText"), url: link });
    } catch {
      // closed by the member: nothing to do
    }
  };
  const format = new Intl.NumberFormat(locale(i18n.language));
  const date = new Intl.DateTimeFormat(locale(i18n.language), { day: "numeric", month: "long", year: "numeric" });

  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t("referrals.title")}
      </Title>
      <Text>{t("referrals.intro")}</Text>
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <TextInput label={t("referrals.link")} value={link} readOnly onFocus={(e) => e.currentTarget.select()} size="md" />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
            <Button size="md" leftSection={<IconShare size={18} aria-hidden />} onClick={() => void share()}>
              {t("referrals.share")}
            </Button>
            <Button
              size="md"
              variant="default"
              leftSection={copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
              onClick={() => void copy()}
            >
              {copied ? t("referrals.copied") : t("referrals.copy")}
            </Button>
          </SimpleGrid>
          <VisuallyHidden aria-live="polite">{copied ? t("referrals.copied") : ""}</VisuallyHidden>
        </Stack>
      </Paper>
      <SimpleGrid cols={2} spacing="sm">
        <Card withBorder radius="md">
          <Text size="sm">{t("referrals.friendsCount")}</Text>
          <Text fw={700} fz={28}>
            {format.format(friends.length)}
          </Text>
        </Card>
        <Card withBorder radius="md">
          <Text size="sm">{t("referrals.earned")}</Text>
          <Text fw={700} fz={28}>
            {t("referrals.points", { points: format.format(pointsEarned) })}
          </Text>
        </Card>
      </SimpleGrid>
      <Stack gap="xs" component="section" aria-labelledby="referrals-friends">
        <Title order={2} size="h4" id="referrals-friends">
          {t("referrals.friends")}
        </Title>
        {friends.length > 0 && (
          <Text size="sm" c="dimmed">
            {t("referrals.statusHelp")}
          </Text>
        )}
        {friends.length === 0 ? (
          <Text>{t("referrals.noFriends")}</Text>
        ) : (
          friends.map((f) => (
            <Card key={`${f.joinedAt}-${f.name}`} withBorder radius="md" padding="sm">
              <Group justify="space-between" wrap="nowrap">
                <Stack gap={0}>
                  <Text fw={600}>{f.name || t("referrals.anonymous")}</Text>
                  <Text size="sm">{t("referrals.joined", { date: date.format(new Date(f.joinedAt)) })}</Text>
                </Stack>
                <Badge color={STATUS_COLORS[f.status]} c={`${STATUS_COLORS[f.status]}.9`} variant="light">
                  {t(`referrals.statuses.${f.status}`)}
                </Badge>
              </Group>
            </Card>
          ))
        )}
      </Stack>
    </Stack>
  );
}
