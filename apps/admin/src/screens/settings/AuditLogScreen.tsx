import { ActionIcon, Badge, Button, Code, EmptyState, Grid, Select, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconChevronDown, IconChevronRight, IconFilterOff, IconHistory, IconSearch } from "@tabler/icons-react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { type AuditEntry, api, unwrap } from "../../api/client";
import { useCan } from "../../api/session";
import { ErrorState } from "../../components/ErrorState";
import { LoadMore } from "../../components/LoadMore";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { formatDateTime } from "../../format";

const ENTITY_TYPES = ["company", "location", "staff", "api_key", "media"] as const;
const PAGE = 50;

/** "2025-03-01" (local calendar day) → ISO instant of its start; `plusDays` for an exclusive end. */
function dayStart(value: string, plusDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString();
}

export function AuditLogScreen() {
  const { t } = useTranslation();
  const [actionText, setActionText] = useState("");
  const [action] = useDebouncedValue(actionText.trim(), 300);
  const [entityType, setEntityType] = useState<string | null>(null);
  const [actorId, setActorId] = useState<string | null>(null);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const canReadStaff = useCan("staff.read");
  const staff = useQuery({
    queryKey: ["staff", { q: "", role: null }],
    enabled: canReadStaff,
    queryFn: () => unwrap(api.GET("/api/v1/staff", { params: { query: {} } })),
  });

  const filters = { action, entityType, actorId, from: dayStart(from), to: dayStart(to, 1) };
  const list = useInfiniteQuery({
    queryKey: ["audit-log", filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/audit-log", {
          params: {
            query: {
              limit: PAGE,
              cursor: pageParam,
              action: filters.action || undefined,
              entityType: filters.entityType ?? undefined,
              actorId: filters.actorId ?? undefined,
              from: filters.from,
              to: filters.to,
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const clear = () => {
    setActionText("");
    setEntityType(null);
    setActorId(null);
    setFrom("");
    setTo("");
  };

  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Boolean(action || entityType || actorId || from || to);

  return (
    <>
      <PageHeader title={t("audit.title")} description={t("audit.description")} />
      <Grid mb="md" align="flex-end">
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <TextInput
            label={t("audit.action")}
            placeholder={t("audit.actionPlaceholder")}
            leftSection={<IconSearch size={18} />}
            value={actionText}
            onChange={(e) => setActionText(e.currentTarget.value)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 2 }}>
          <Select
            label={t("audit.entityType")}
            placeholder={t("audit.anyEntity")}
            data={ENTITY_TYPES.map((e) => ({ value: e, label: t(`audit.entities.${e}`) }))}
            value={entityType}
            onChange={setEntityType}
            clearable
          />
        </Grid.Col>
        {canReadStaff && (
          <Grid.Col span={{ base: 12, sm: 6, lg: 2 }}>
            <Select
              label={t("audit.actor")}
              placeholder={t("audit.anyActor")}
              data={(staff.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              value={actorId}
              onChange={setActorId}
              searchable
              clearable
            />
          </Grid.Col>
        )}
        <Grid.Col span={{ base: 6, sm: 3, lg: 2 }}>
          <TextInput
            label={t("audit.from")}
            type="date"
            value={from}
            max={to || undefined}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3, lg: 2 }}>
          <TextInput label={t("audit.to")} type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.currentTarget.value)} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 1 }}>
          <Button variant="subtle" leftSection={<IconFilterOff size={18} />} onClick={clear} disabled={!filtered} px="xs">
            {t("audit.clear")}
          </Button>
        </Grid.Col>
      </Grid>

      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <PageLoader />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={filtered ? <IconSearch /> : <IconHistory />}
          title={filtered ? t("audit.noMatchesTitle") : t("audit.emptyTitle")}
          description={filtered ? t("audit.noMatches") : t("audit.empty")}
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={700}>
            <Table verticalSpacing="sm" highlightOnHover aria-label={t("audit.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={56}>
                    <span className="visually-hidden">{t("audit.changes")}</span>
                  </Table.Th>
                  <Table.Th>{t("audit.time")}</Table.Th>
                  <Table.Th>{t("audit.actor")}</Table.Th>
                  <Table.Th>{t("audit.action")}</Table.Th>
                  <Table.Th>{t("audit.entity")}</Table.Th>
                  <Table.Th>{t("audit.ip")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((e) => (
                  <AuditRow key={e.id} entry={e} open={expanded.has(e.id)} onToggle={() => toggle(e.id)} />
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
    </>
  );
}

function AuditRow({ entry, open, onToggle }: { entry: AuditEntry; open: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  const hasChanges = Object.keys(entry.changes).length > 0 || entry.entityId !== null;
  return (
    <Fragment>
      <Table.Tr>
        <Table.Td>
          {hasChanges && (
            <ActionIcon onClick={onToggle} aria-expanded={open} aria-label={open ? t("audit.hideChanges") : t("audit.showChanges")}>
              {open ? <IconChevronDown size={18} /> : <IconChevronRight size={18} />}
            </ActionIcon>
          )}
        </Table.Td>
        <Table.Td className="nowrap">{formatDateTime(entry.occurredAt)}</Table.Td>
        <Table.Td>
          <Text size="sm">{entry.actorName}</Text>
          <Text size="xs" c="dimmed">
            {t(`audit.actorTypes.${entry.actorType}`)}
          </Text>
        </Table.Td>
        <Table.Td>
          <Badge variant="light" tt="none">
            {entry.action}
          </Badge>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{t(`audit.entities.${entry.entityType}`, { defaultValue: entry.entityType })}</Text>
        </Table.Td>
        <Table.Td ff="monospace" fz="sm">
          {entry.ip ?? "—"}
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr>
          <Table.Td />
          <Table.Td colSpan={5}>
            {entry.entityId && (
              <Text size="xs" c="dimmed" mb={4}>
                {t("audit.entityId")}: <Code>{entry.entityId}</Code>
                {entry.requestId && (
                  <>
                    {" · "}
                    {t("audit.requestId")}: <Code>{entry.requestId}</Code>
                  </>
                )}
              </Text>
            )}
            <Code block aria-label={t("audit.changes")}>
              {JSON.stringify(entry.changes, null, 2)}
            </Code>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}
