import { ActionIcon, Badge, Button, EmptyState, Group, Loader, Menu, Select, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDots, IconId, IconLock, IconLockOpen, IconPlus, IconSearch, IconUsers } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, type Member, unwrap } from "../../api/client";
import { useAllLocations } from "../../api/lookups";
import { useCan } from "../../api/session";
import { ErrorState } from "../../components/ErrorState";
import { LoadMore } from "../../components/LoadMore";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { formatDate, memberName } from "../../format";
import { BlockMemberModal, useUnblockMember } from "./BlockMemberModal";
import { MemberDrawer } from "./MemberDrawer";

const PAGE = 25;

export function MemberStatusBadge({ member }: { member: Pick<Member, "status"> }) {
  const { t } = useTranslation();
  return (
    <Badge color={member.status === "active" ? "green" : "red"} variant={member.status === "active" ? "light" : "filled"}>
      {t(`members.statuses.${member.status}`)}
    </Badge>
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
  const [creating, setCreating] = useState(false);
  const [blocking, setBlocking] = useState<Member | undefined>(undefined);
  const unblock = useUnblockMember();
  const locations = useAllLocations();
  const locationName = new Map((locations.data ?? []).map((l) => [l.id, l.name]));

  const list = useInfiniteQuery({
    queryKey: ["members", "list", { q, status, tag, joinLocationId }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/members", {
          params: {
            query: {
              limit: PAGE,
              cursor: pageParam,
              q: q || undefined,
              status: (status as "active" | "blocked" | null) ?? undefined,
              tag: tag || undefined,
              joinLocationId: joinLocationId ?? undefined,
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = q !== "" || !!status || tag !== "" || !!joinLocationId;
  const addButton = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
      {t("members.add")}
    </Button>
  );

  return (
    <>
      <PageHeader title={t("members.title")} description={t("members.description")} actions={addButton} />
      <Group mb="md" gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          aria-label={t("members.search")}
          placeholder={t("members.searchShort")}
          leftSection={<IconSearch size={18} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: "1 1 240px" }}
          rightSection={list.isFetching && !list.isFetchingNextPage ? <Loader size="xs" /> : null}
        />
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
      </Group>

      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <PageLoader />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState icon={<IconSearch />} title={t("members.noMatchesTitle")} description={t("members.noMatches")} />
        ) : (
          <EmptyState icon={<IconUsers />} title={t("members.emptyTitle")} description={t("members.empty")}>
            {addButton}
          </EmptyState>
        )
      ) : (
        <>
          <Table.ScrollContainer minWidth={680}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-label={t("members.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("members.name")}</Table.Th>
                  <Table.Th>{t("members.cardNumber")}</Table.Th>
                  <Table.Th>{t("members.contact")}</Table.Th>
                  <Table.Th>{t("members.joinLocation")}</Table.Th>
                  <Table.Th>{t("members.status")}</Table.Th>
                  <Table.Th w={60}>{t("common.actions")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td className="nowrap">
                      <Text component={Link} to={`/members/${m.id}`} fw={600} c="indigo.8" td="none">
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
                        <Text size="xs" c="dimmed">
                          {t("members.since", { date: formatDate(m.createdAt) })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td className="nowrap" ff="monospace">
                      {m.cardNumber}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{m.email ?? "—"}</Text>
                      <Text size="sm" c="dimmed" className="nowrap">
                        {m.phone ?? ""}
                      </Text>
                    </Table.Td>
                    <Table.Td>{(m.joinLocationId && locationName.get(m.joinLocationId)) || "—"}</Table.Td>
                    <Table.Td>
                      <MemberStatusBadge member={m} />
                    </Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <ActionIcon aria-label={t("common.actionsFor", { name: memberName(m) })}>
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
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore
            shown={rows.length}
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => void list.fetchNextPage()}
          />
        </>
      )}
      <MemberDrawer member={creating ? null : undefined} onClose={() => setCreating(false)} onSaved={(m) => navigate(`/members/${m.id}`)} />
      <BlockMemberModal member={blocking} onClose={() => setBlocking(undefined)} />
    </>
  );
}
