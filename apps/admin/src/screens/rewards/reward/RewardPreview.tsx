import { AspectRatio, Badge, Box, Card, Center, Flex, Group, Image, Stack, Text, Title } from "@mantine/core";
import { IconPhoto } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { KindBadge } from "../../../components/RewardShared";
import { formatDate, formatMoney, formatNumber, fromLocalInput, parseMoney } from "../../../format";
import type { Values } from "./reward-form";

/** The reward as a member would see it in the portal. */
export function RewardPreview({ values: v, tierNames }: { values: Values; tierNames: string[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const name = (en ? v.nameEn : v.namePl) || v.namePl || v.nameEn || t("rewards.preview.untitled");
  const description = (en ? v.descriptionEn : v.descriptionPl) || v.descriptionPl;
  const price = Number(v.pointsPrice) || 0;
  const availability: string[] = [];
  if (v.startsAt) availability.push(t("rewards.preview.from", { date: formatDate(fromLocalInput(v.startsAt)) }));
  if (v.endsAt) availability.push(t("rewards.preview.until", { date: formatDate(fromLocalInput(v.endsAt)) }));
  if (tierNames.length) availability.push(t("rewards.preview.tiers", { tiers: tierNames.join(", ") }));
  if (v.limitPerMember !== "") availability.push(t("rewards.preview.limitTotal", { count: Number(v.limitPerMember) }));
  if (v.limitPerPeriod !== "" && v.limitPeriodDays !== "")
    availability.push(t("rewards.preview.limitPeriod", { count: Number(v.limitPerPeriod), days: Number(v.limitPeriodDays) }));
  const couponLine =
    v.kind === "coupon"
      ? v.couponKind === "percent"
        ? v.couponValue !== ""
          ? t("rewards.preview.percentOff", { value: v.couponValue })
          : ""
        : parseMoney(v.couponAmount)
          ? t("rewards.preview.amountOff", { value: formatMoney(parseMoney(v.couponAmount) ?? 0) })
          : ""
      : "";
  return (
    <Card withBorder radius="lg" p={0} data-testid="reward-preview" aria-label={t("rewards.preview.title")}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" px="md" pt="sm" pb={6}>
        {t("rewards.preview.title")}
      </Text>
      <Flex direction={{ base: "row", lg: "column" }}>
        <Box w={{ base: 180, lg: "100%" }} style={{ flexShrink: 0 }}>
          <AspectRatio ratio={16 / 10}>
            {v.images[0] ? (
              <Image src={v.images[0].url} alt="" fit="cover" />
            ) : (
              <Center bg="gray.1" c="gray.5" aria-hidden>
                <IconPhoto size={48} />
              </Center>
            )}
          </AspectRatio>
        </Box>
        <Stack gap={6} p="md" style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Title order={3} size="h4" style={{ overflowWrap: "anywhere" }}>
              {name}
            </Title>
            <KindBadge kind={v.kind} />
          </Group>
          {couponLine && (
            <Text fw={700} c="orange.8">
              {couponLine}
            </Text>
          )}
          {description && (
            <Text size="sm" c="dimmed" lineClamp={4} style={{ whiteSpace: "pre-wrap" }}>
              {description}
            </Text>
          )}
          <Text fz={24} fw={800} c="indigo.8">
            {t("rewards.pointsPrice", { points: formatNumber(price) })}
          </Text>
          {availability.map((line) => (
            <Text key={line} size="xs" c="dimmed">
              {line}
            </Text>
          ))}
          {!v.active && (
            <Badge color="gray" variant="light" w="fit-content">
              {t("rewards.inactive")}
            </Badge>
          )}
          {!v.visibleInPortal && (
            <Text size="xs" c="orange.8">
              {t("rewards.preview.hiddenInPortal")}
            </Text>
          )}
        </Stack>
      </Flex>
    </Card>
  );
}
