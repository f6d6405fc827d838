import { ActionIcon, Badge, Button, Group, Menu, Select, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDots, IconId, IconLock, IconLockOpen, IconPlus, IconSearch, IconUsers } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { useAllLocations, usePrograms } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { useCursorList } from "../../components/cursor-list";
import { type ListColumn, ListPage } from "../../components/ListPage";
import { formatDate, formatPhone, formatPoints, memberName } from "../../format";
import { BlockMemberModal, useUnblockMember } from "./BlockMemberModal";
import { MemberStatusBadge, NoTierBadge, TierBadge } from "./MemberBadges";
import { MemberDrawer } from "./MemberDrawer";
import type { ListedMember } from "./member-types";

const PAGE = 25;

/** Points and tier in the list's program (available in bold; pending when there are any). */
function PointsCell({ member: m }: { member: ListedMember }) {
  const { t } = useTranslation();
  if (!m.balance)
    return (
      <Text size="sm" c="gray.7">
        {t("members.notInProgram")}
      </Text>
    );
  const b = m.balance;
  return (
    <Stack gap={2} align="flex-start" data-testid="member-points">
      <Text fw={700} className="nowrap" c={b.available < 0 ? "red.8" : undefined}>
        {t("members.pointsShort", { points: formatPoints(b.available) })}
      </Text>
      {b.pending > 0 && (
        <Text size="xs" c="gray.7" className="nowrap">
          {t("members.pendingShort", { points: formatPoints(b.pending) })}
        </Text>
      )}
      {b.tier ? <TierBadge tier={b.tier} size="sm" /> : <NoTierBadge size="sm" />}
    </Stack>
  );
}

export function MembersScreen() {
  const { t } = useTranslation();
  const canWrite = useCan("members.write");
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const [status, setStatus] = useState<string | null>(null);
  const [tagInput, setTagInput] = useState("");
  const [tag] = useDebouncedValue(tagInput.trim(), 300);
  const [joinLocationId, setJoinLocationId] = useState<string | null>(null);
  const [programId, setProgramId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [blocking, setBlocking] = useState<ListedMember | undefined>(undefined);
  const unblock = useUnblockMember();
  const locations = useAllLocations();
  const locationName = new Map((locations.data ?? []).map((l) => [l.id, l.name]));
  // The API shows points in the company's oldest active program unless another is chosen.
  const activePrograms = (usePrograms().data ?? []).filter((p) => p.status === "active").sort((a, b) => a.id.localeCompare(b.id));

  const params = { q, status, tag, joinLocationId, programId };
  const list = useCursorList({
    queryKey: queryKeys.members.list(params),
    fetchPage: (cursor) =>
      unwrap(
        api.GET("/api/v1/members", {
          params: {
            query: {
              limit: PAGE,
              cursor,
              q: q || undefined,
              status: (status as "active" | "blocked" | null) ?? undefined,
              tag: tag || undefined,
              joinLocationId: joinLocationId ?? undefined,
              programId: programId ?? undefined,
              include: "balance",
            },
          },
        }),
      ),
  });

  const filtered = q !== "" || !!status || tag !== "" || !!joinLocationId;
  const addButton = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
      {t("members.add")}
    </Button>
  );

  const columns: ListColumn<ListedMember>[] = [
    {
      key: "name",
      header: t("members.name"),
      cell: (m) => (
        <>
          <Text component={Link} to={`/members/${m.id}`} fw={600} c="indigo.8" td="none" onClick={(e) => e.stopPropagation()}>
            {memberName(m)}
          </Text>
          {m.tags.length > 0 ? (
            <Group gap={4} mt={2}>
              {m.tags.map((tg) => (
                <Badge key={tg} variant="outline" size="sm" tt="none">
                  {tg}
                </Badge>
              ))}
            </Group>
          ) : (
            <Text size="xs" c="gray.7">
              {t("members.since", { date: formatDate(m.createdAt) })}
            </Text>
          )}
        </>
      ),
    },
    { key: "card", header: t("members.cardNumber"), nowrap: true, cell: (m) => <Text ff="monospace">{m.cardNumber}</Text> },
    { key: "points", header: t("members.pointsAndTier"), cell: (m) => <PointsCell member={m} /> },
    {
      key: "contact",
      header: t("members.contact"),
      priority: 2,
      cell: (m) => (
        <>
          {(m.email || !m.phone) && (
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              {m.email ?? "—"}
            </Text>
          )}
          {m.phone && (
            <Text size="sm" c="gray.7" className="nowrap">
              {formatPhone(m.phone)}
            </Text>
          )}
        </>
      ),
    },
    {
      key: "location",
      header: t("members.joinLocation"),
      priority: 3,
      cell: (m) => (m.joinLocationId && locationName.get(m.joinLocationId)) || "—",
    },
    { key: "status", header: t("members.status"), cell: (m) => <MemberStatusBadge member={m} /> },
  ];

  return (
    <ListPage
      title={t("members.title")}
      description={t("members.description")}
      actions={addButton}
      search={{ value: search, onChange: setSearch, label: t("members.search") }}
      filters={
        <>
          <Select
            aria-label={t("members.statusFilter")}
            placeholder={t("members.anyStatus")}
            clearable
            w={150}
            value={status}
            onChange={setStatus}
            data={[
              { value: "active", label: t("members.statuses.active") },
              { value: "blocked", label: t("members.statuses.blocked") },
            ]}
          />
          <TextInput
            aria-label={t("members.tagFilter")}
            placeholder={t("members.tagFilter")}
            w={130}
            value={tagInput}
            onChange={(e) => setTagInput(e.currentTarget.value)}
          />
          <Select
            aria-label={t("members.locationFilter")}
            placeholder={t("members.anyLocation")}
            clearable
            w={180}
            value={joinLocationId}
            onChange={setJoinLocationId}
            data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
          />
          {activePrograms.length > 1 && (
            <Select
              aria-label={t("members.pointsProgram")}
              allowDeselect={false}
              w={200}
              value={programId ?? activePrograms[0]?.id ?? null}
              onChange={setProgramId}
              data={activePrograms.map((p) => ({ value: p.id, label: p.name }))}
            />
          )}
        </>
      }
      list={list}
      label={t("members.title")}
      rowKey={(m) => m.id}
      onRowClick={(m) => navigate(`/members/${m.id}`)}
      filtered={filtered}
      empty={{ icon: <IconUsers />, title: t("members.emptyTitle"), description: t("members.empty"), action: addButton }}
      noMatches={{ icon: <IconSearch />, title: t("members.noMatchesTitle"), description: t("members.noMatches") }}
      columns={columns}
      rowActions={(m) => (
        <Menu position="bottom-end">
          <Menu.Target>
            <ActionIcon aria-label={t("common.actionsFor", { name: memberName(m) })} data-testid="member-actions">
              <IconDots size={20} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconId size={16} />} onClick={() => navigate(`/members/${m.id}`)} mih={40}>
              {t("members.openCard")}
            </Menu.Item>
            {canWrite &&
              (m.status === "active" ? (
                <Menu.Item leftSection={<IconLock size={16} />} color="red" onClick={() => setBlocking(m)} mih={40}>
                  {t("members.block")}
                </Menu.Item>
              ) : (
                <Menu.Item leftSection={<IconLockOpen size={16} />} onClick={() => unblock(m)} mih={40}>
                  {t("members.unblock")}
                </Menu.Item>
              ))}
          </Menu.Dropdown>
        </Menu>
      )}
    >
      <MemberDrawer member={creating ? null : undefined} onClose={() => setCreating(false)} onSaved={(m) => navigate(`/members/${m.id}`)} />
      <BlockMemberModal member={blocking} onClose={() => setBlocking(undefined)} />
    </ListPage>
  );
}
