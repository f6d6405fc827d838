import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconEdit, IconLock, IconLockOpen } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Member } from "../../../api/client";
import { useAllLocations, useCustomFields } from "../../../api/lookups";
import { useCan } from "../../../api/session";
import { displayValue } from "../../../components/CustomFieldInput";
import { formatDate, formatDateTime, formatPhone, memberName } from "../../../format";
import { BlockMemberModal, useUnblockMember } from "../BlockMemberModal";
import { MemberStatusBadge } from "../MemberBadges";
import { MemberDrawer } from "../MemberDrawer";
import { BalanceSummary } from "./BalanceSummary";
import { PrivacyActions } from "./PrivacyActions";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.7" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text component="div">{children || "—"}</Text>
    </div>
  );
}

/** The card's first tab: points and tier first, then who the member is. */
export function DetailsTab({ member: m, onOpenPoints }: { member: Member; onOpenPoints: () => void }) {
  const { t } = useTranslation();
  // An erased card cannot be changed (the API answers 409 member_erased): no edit or block buttons.
  const canWrite = useCan("members.write") && !m.erasedAt;
  const [editing, setEditing] = useState(false);
  const [blocking, setBlocking] = useState(false);
  const unblock = useUnblockMember();
  const fields = useCustomFields(true);
  const locations = useAllLocations();
  const location = locations.data?.find((l) => l.id === m.joinLocationId);
  const cityLine = [m.address.postalCode, m.address.city].filter(Boolean).join(" ");
  // A country alone (the default "PL") is no address.
  const address = m.address.street || cityLine ? [m.address.street, cityLine, m.address.country].filter(Boolean).join(", ") : "";
  const yesNo = (b: boolean) => (b ? t("common.yes") : t("common.no"));
  const definedFields = (fields.data ?? []).filter((f) => f.active || m.customFields[f.key] !== undefined);
  return (
    <Stack>
      <BalanceSummary memberId={m.id} onOpenPoints={onOpenPoints} />
      <Group>
        {canWrite && (
          <>
            <Button leftSection={<IconEdit size={18} />} onClick={() => setEditing(true)}>
              {t("common.edit")}
            </Button>
            {m.status === "active" ? (
              <Button variant="light" color="red" leftSection={<IconLock size={18} />} onClick={() => setBlocking(true)}>
                {t("members.block")}
              </Button>
            ) : (
              <Button variant="light" leftSection={<IconLockOpen size={18} />} onClick={() => unblock(m)}>
                {t("members.unblock")}
              </Button>
            )}
          </>
        )}
        <PrivacyActions member={m} />
      </Group>
      <Card withBorder radius="lg" p="lg">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
          <Field label={t("members.cardNumber")}>
            <Text ff="monospace" fw={700}>
              {m.cardNumber}
            </Text>
          </Field>
          <Field label={t("members.email")}>{m.email}</Field>
          <Field label={t("members.phone")}>{m.phone ? formatPhone(m.phone) : null}</Field>
          <Field label={t("members.birthday")}>{m.birthday ? formatDate(`${m.birthday}T12:00:00`) : null}</Field>
          <Field label={t("members.gender")}>{m.gender ? t(`members.genders.${m.gender}`) : null}</Field>
          <Field label={t("members.language")}>{t(`members.languages.${m.language}`)}</Field>
          <Field label={t("members.address")}>{address}</Field>
          <Field label={t("members.joinLocation")}>{location?.name}</Field>
          <Field label={t("members.referredBy")}>
            {m.referrer && (
              <Anchor component={Link} to={`/members/${m.referrer.id}`} data-testid="referrer-link">
                {memberName(m.referrer)} · {m.referrer.cardNumber}
              </Anchor>
            )}
          </Field>
          <Field label={t("members.referralCode")}>
            <Text ff="monospace">{m.referralCode}</Text>
          </Field>
          <Field label={t("members.tags")}>
            {m.tags.length > 0 && (
              <Group gap={4}>
                {m.tags.map((tg) => (
                  <Badge key={tg} variant="outline" tt="none">
                    {tg}
                  </Badge>
                ))}
              </Group>
            )}
          </Field>
          <Field label={t("members.joined")}>{formatDateTime(m.createdAt)}</Field>
          <Field label={t("members.status")}>
            <MemberStatusBadge member={m} />
          </Field>
        </SimpleGrid>
        {m.notes && (
          <Stack gap={4} mt="lg">
            <Text size="xs" c="gray.7" tt="uppercase" fw={700}>
              {t("members.notes")}
            </Text>
            <Text style={{ whiteSpace: "pre-wrap" }}>{m.notes}</Text>
          </Stack>
        )}
      </Card>
      {definedFields.length > 0 && (
        <Card withBorder radius="lg" p="lg">
          <Title order={2} size="h4" mb="md">
            {t("members.customFields")}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
            {definedFields.map((f) => (
              <Field key={f.id} label={f.label}>
                {displayValue(f, m.customFields[f.key], yesNo)}
              </Field>
            ))}
          </SimpleGrid>
        </Card>
      )}
      <MemberDrawer member={editing ? m : undefined} onClose={() => setEditing(false)} />
      <BlockMemberModal member={blocking ? m : undefined} onClose={() => setBlocking(false)} />
    </Stack>
  );
}
