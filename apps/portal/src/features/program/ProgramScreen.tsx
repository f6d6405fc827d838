import { Anchor, Badge, Card, Group, Image, SimpleGrid, Stack, Table, Text, ThemeIcon, Title } from "@mantine/core";
import { IconCoins, IconExternalLink, IconGift, IconMapPin, IconPhone } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { api, slug, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorState } from "../../shell/ErrorState";
import { ScreenLoader } from "../../shell/Layout";
import { formatMoney, formatMultiplier, formatNumber, formatPercent } from "./format";
import { RULE_ICONS } from "./rule-icons";

type Page = components["schemas"]["PortalProgramPage"];
type Program = Page["programs"][number];
type Rule = Program["earningRules"][number];
type Location = Page["locations"][number];

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** What the program is, how points are earned, the tiers and where it works. */
export function ProgramScreen() {
  const { t } = useTranslation();
  const page = useQuery({
    queryKey: ["portal", "program"],
    queryFn: () => unwrap(api.GET("/api/v1/portal/{slug}/program", { params: { path: { slug } } })),
    staleTime: 5 * 60_000,
  });
  if (page.isPending) return <ScreenLoader />;
  if (page.isError) return <ErrorState onRetry={() => void page.refetch()} />;
  return (
    <Stack gap="xl">
      <Title order={1} size="h2">
        {t("program.title")}
      </Title>
      {page.data.programs.length === 0 && <Text>{t("program.none")}</Text>}
      {page.data.programs.map((p) => (
        <ProgramView key={p.id} program={p} currency={page.data.currency} />
      ))}
      <Locations locations={page.data.locations} />
    </Stack>
  );
}

function ProgramView({ program: p, currency }: { program: Program; currency: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Stack gap="md" component="section" aria-labelledby={`program-${p.id}`}>
      <Card withBorder radius="md" p={0} style={{ borderTop: `6px solid ${p.color}` }}>
        {p.photoUrl && <Image src={p.photoUrl} alt="" h={160} fit="cover" />}
        <Group p="md" wrap="nowrap" align="flex-start">
          {p.iconUrl && <Image src={p.iconUrl} alt="" w={56} h={56} radius="md" />}
          <Stack gap={4}>
            <Title order={2} size="h3" id={`program-${p.id}`}>
              {p.name}
            </Title>
            {p.slogan && <Text fw={500}>{p.slogan}</Text>}
            {p.description && (
              <Text size="sm" style={{ whiteSpace: "pre-line" }}>
                {p.description}
              </Text>
            )}
          </Stack>
        </Group>
      </Card>

      <Title order={3} size="h4">
        {t("program.howToEarn")}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <EarnCard
          icon={<IconCoins size={22} aria-hidden />}
          color={p.color}
          title={t("program.purchases")}
          detail={t("program.converter", {
            count: p.converter.points,
            points: formatNumber(p.converter.points, lang),
            amount: formatMoney(p.converter.amountMinor, currency, lang),
          })}
          note={p.minPurchaseMinor > 0 ? t("program.minPurchase", { amount: formatMoney(p.minPurchaseMinor, currency, lang) }) : undefined}
          promotion={p.converterPromotion}
        />
        {p.welcomePoints > 0 && (
          <EarnCard
            icon={<IconGift size={22} aria-hidden />}
            color={p.color}
            title={t("program.welcome")}
            detail={t("program.points", { points: formatNumber(p.welcomePoints, lang) })}
            note={t("program.welcomeNote")}
          />
        )}
        {p.earningRules.map((r) => (
          <RuleCard key={r.id} rule={r} color={p.color} />
        ))}
      </SimpleGrid>

      {p.tiers.length > 0 && (
        <>
          <Title order={3} size="h4">
            {t("program.tiers")}
          </Title>
          <Stack gap="xs">
            {p.tiers.map((tier) => (
              <Card key={tier.id} withBorder radius="md" padding="sm">
                <Group justify="space-between" wrap="nowrap">
                  <Group gap="xs" wrap="nowrap">
                    <ThemeIcon color={tier.color} radius="xl" size="sm" aria-hidden>
                      <span />
                    </ThemeIcon>
                    <Text fw={600}>{tier.name}</Text>
                  </Group>
                  {tier.discountBp > 0 && (
                    <Badge variant="light">{t("program.discount", { percent: formatPercent(tier.discountBp, lang) })}</Badge>
                  )}
                </Group>
                <Text size="sm" mt={4}>
                  {p.tierBasis === "spend"
                    ? t("program.tierFromSpend", { amount: formatMoney(tier.threshold, currency, lang) })
                    : t("program.tierFromPoints", { points: formatNumber(tier.threshold, lang) })}
                  {tier.multiplierBp > 10_000
                    ? ` · ${t("program.tierMultiplier", { multiplier: formatMultiplier(tier.multiplierBp, lang) })}`
                    : ""}
                </Text>
              </Card>
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}

function EarnCard(props: { icon: ReactNode; color: string; title: string; detail: string; note?: string; promotion?: boolean }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="md">
      <Group wrap="nowrap" align="flex-start">
        <ThemeIcon size={40} radius="md" variant="light" color={props.color} aria-hidden>
          {props.icon}
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1 }}>
          <Group gap="xs">
            <Text fw={600}>{props.title}</Text>
            {props.promotion && (
              <Badge color="red.9" variant="filled" size="sm">
                {t("program.promotion")}
              </Badge>
            )}
          </Group>
          <Text fw={700}>{props.detail}</Text>
          {props.note && <Text size="sm">{props.note}</Text>}
        </Stack>
      </Group>
    </Card>
  );
}

function RuleCard({ rule: r, color }: { rule: Rule; color: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const Icon = RULE_ICONS[r.icon] ?? RULE_ICONS.star;
  const detail =
    r.kind === "multiplier"
      ? t("program.multiplier", { multiplier: formatMultiplier(r.multiplierBp ?? 10_000, lang) })
      : r.kind === "event"
        ? t(`program.events.${r.eventType ?? "custom"}`, { points: formatNumber(r.bonusPoints ?? 0, lang) })
        : t(r.perItem ? "program.bonusPerItem" : "program.bonus", { points: formatNumber(r.bonusPoints ?? 0, lang) });
  const limits = [
    r.tierNames.length ? t("program.onlyTiers", { names: r.tierNames.join(", ") }) : null,
    r.locationNames.length ? t("program.onlyLocations", { names: r.locationNames.join(", ") }) : null,
    [...r.categories, ...r.producers].length ? t("program.onlyProducts", { names: [...r.categories, ...r.producers].join(", ") }) : null,
  ].filter(Boolean);
  return (
    <EarnCard
      icon={<Icon size={22} aria-hidden />}
      color={color}
      title={r.name}
      detail={detail}
      note={[r.description, ...limits].filter(Boolean).join(" · ") || undefined}
      promotion={r.promotion}
    />
  );
}

function Hours({ location }: { location: Location }) {
  const { t } = useTranslation();
  if (location.openingHours.length === 0) return null;
  return (
    <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={4} fz="sm" w="auto">
      <Table.Caption style={{ captionSide: "top", textAlign: "left" }}>{t("program.hours")}</Table.Caption>
      <Table.Tbody>
        {DAYS.filter((d) => location.openingHours.some((h) => h.day === d)).map((d) => (
          <Table.Tr key={d}>
            <Table.Th scope="row" fw={500} pr="md">
              {t(`program.days.${d}`)}
            </Table.Th>
            <Table.Td>
              {location.openingHours
                .filter((h) => h.day === d)
                .map((h) => `${h.opens}–${h.closes}`)
                .join(", ")}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Locations({ locations }: { locations: Location[] }) {
  const { t } = useTranslation();
  if (locations.length === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="program-locations">
      <Title order={2} size="h3" id="program-locations">
        {t("program.locations")}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {locations.map((l) => {
          const street = [l.address.street, [l.address.postalCode, l.address.city].filter(Boolean).join(" ")].filter(Boolean);
          return (
            <Card key={l.id} withBorder radius="md" padding="md">
              <Stack gap={6}>
                <Group gap="xs" wrap="nowrap">
                  <IconMapPin size={20} aria-hidden />
                  <Text fw={600}>{l.name}</Text>
                </Group>
                {street.length > 0 && <Text size="sm">{street.join(", ")}</Text>}
                {l.phone && (
                  <Anchor href={`tel:${l.phone.replace(/[^+\d]/g, "")}`} size="sm">
                    <Group gap={4} wrap="nowrap" component="span">
                      <IconPhone size={16} aria-hidden />
                      {l.phone}
                    </Group>
                  </Anchor>
                )}
                <Hours location={l} />
                {l.mapUrl && (
                  <Anchor
                    href={l.mapUrl}
                    target="_blank"
                    rel="noopener noreferrer"
                    fw={600}
                    aria-label={t("program.showOnMapOf", { name: l.name })}
                  >
                    <Group gap={4} wrap="nowrap" component="span">
                      {t("program.showOnMap")}
                      <IconExternalLink size={16} aria-hidden />
                    </Group>
                  </Anchor>
                )}
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}
