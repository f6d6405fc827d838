import { ActionIcon, Badge, Button, Code, Group, Modal, Select, Stack, Table, Text } from "@mantine/core";
import { IconFilterOff, IconHistory, IconListDetails, IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type AuditEntry, api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { useCursorList } from "../../components/cursor-list";
import { DateField } from "../../components/DateFields";
import { ListPage } from "../../components/ListPage";
import { formatDateTime } from "../../format";
import { AUDIT_ACTIONS, AUDIT_ENTITIES, isAuditAction, isAuditEntity } from "./audit-labels";

const PAGE = 50;

/** "2025-03-01" (local calendar day) → ISO instant of its start; `plusDays` for an exclusive end. */
function dayStart(value: string, plusDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString();
}

/** Translated names of the log's machine codes; an unknown code (a newer server) shows as it is. */
function useAuditLabels() {
  const { t } = useTranslation();
  return {
    action: (code: string) => (isAuditAction(code) ? t(`audit.actions.${code}`) : code),
    entity: (code: string) => (isAuditEntity(code) ? t(`audit.entities.${code}`) : code),
  };
}

/** The label of an action, with its code underneath in small monospace for support. */
function ActionCell({ entry }: { entry: AuditEntry }) {
  const labels = useAuditLabels();
  return (
    <>
      <Text size="sm" fw={600}>
        {labels.action(entry.action)}
      </Text>
      <Text size="xs" ff="monospace" c="gray.7">
        {entry.action}
      </Text>
    </>
  );
}

function EntryDetails({ entry, onClose }: { entry: AuditEntry | null; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useAuditLabels();
  return (
    <Modal opened={entry !== null} onClose={onClose} size="lg" title={entry ? labels.action(entry.action) : ""}>
      {entry && (
        <Stack gap="sm">
          <Table variant="vertical" layout="fixed" withTableBorder>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={150}>{t("audit.time")}</Table.Th>
                <Table.Td>{formatDateTime(entry.occurredAt)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t("audit.actor")}</Table.Th>
                <Table.Td>
                  {entry.actorName} ({t(`audit.actorTypes.${entry.actorType}`)})
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t("audit.code")}</Table.Th>
                <Table.Td>
                  <Code>{entry.action}</Code>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t("audit.entity")}</Table.Th>
                <Table.Td>
                  {labels.entity(entry.entityType)} {entry.entityId && <Code>{entry.entityId}</Code>}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t("audit.ip")}</Table.Th>
                <Table.Td ff="monospace">{entry.ip ?? "—"}</Table.Td>
              </Table.Tr>
              {entry.requestId && (
                <Table.Tr>
                  <Table.Th>{t("audit.requestId")}</Table.Th>
                  <Table.Td>
                    <Code style={{ wordBreak: "break-all" }}>{entry.requestId}</Code>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
          <Text fw={600}>{t("audit.changes")}</Text>
          <Code block aria-label={t("audit.changes")} style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
            {JSON.stringify(entry.changes, null, 2)}
          </Code>
        </Stack>
      )}
    </Modal>
  );
}

export function AuditLogScreen() {
  const { t } = useTranslation();
  const labels = useAuditLabels();
  const [action, setAction] = useState<string | null>(null);
  const [entityType, setEntityType] = useState<string | null>(null);
  const [actorId, setActorId] = useState<string | null>(null);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const canReadStaff = useCan("staff.read");
  const staff = useQuery({
    queryKey: queryKeys.staff.list({ q: "", role: null }),
    enabled: canReadStaff,
    queryFn: () => unwrap(api.GET("/api/v1/staff", { params: { query: {} } })),
  });

  const filters = { action, entityType, actorId, from: dayStart(from), to: dayStart(to, 1) };
  const list = useCursorList({
    queryKey: queryKeys.auditLog.list(filters),
    fetchPage: (cursor) =>
      unwrap(
        api.GET("/api/v1/audit-log", {
          params: {
            query: {
              limit: PAGE,
              cursor,
              action: filters.action ?? undefined,
              entityType: filters.entityType ?? undefined,
              actorId: filters.actorId ?? undefined,
              from: filters.from,
              to: filters.to,
            },
          },
        }),
      ),
  });

  const clear = () => {
    setAction(null);
    setEntityType(null);
    setActorId(null);
    setFrom("");
    setTo("");
  };
  const filtered = Boolean(action || entityType || actorId || from || to);
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
  const grow = { flex: "1 1 200px", minWidth: 0 };

  const filterFields = (
    <>
      <Select
        label={t("audit.action")}
        placeholder={t("audit.anyAction")}
        data={AUDIT_ACTIONS.map((a) => ({ value: a, label: labels.action(a) })).sort(byLabel)}
        value={action}
        onChange={setAction}
        searchable
        clearable
        nothingFoundMessage={t("common.nothingFound")}
        size="md"
        style={{ flex: "2 1 240px", minWidth: 0 }}
      />
      <Select
        label={t("audit.entityType")}
        placeholder={t("audit.anyEntity")}
        data={AUDIT_ENTITIES.map((e) => ({ value: e, label: labels.entity(e) })).sort(byLabel)}
        value={entityType}
        onChange={setEntityType}
        searchable
        clearable
        nothingFoundMessage={t("common.nothingFound")}
        size="md"
        style={grow}
      />
      {canReadStaff && (
        <Select
          label={t("audit.actor")}
          placeholder={t("audit.anyActor")}
          data={(staff.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={actorId}
          onChange={setActorId}
          searchable
          clearable
          nothingFoundMessage={t("common.nothingFound")}
          size="md"
          style={grow}
        />
      )}
      <Group gap="sm" wrap="nowrap" align="flex-end" style={{ flex: "1 1 320px", minWidth: 0 }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <DateField label={t("audit.from")} value={from} onChange={setFrom} maxDate={to || undefined} />
        </div>
        <div style={{ flex: 1, minWidth: 0 }}>
          <DateField label={t("audit.to")} value={to} onChange={setTo} minDate={from || undefined} />
        </div>
      </Group>
      <Button
        variant="subtle"
        size="md"
        leftSection={<IconFilterOff size={18} />}
        onClick={clear}
        disabled={!filtered}
        style={{ flex: "none" }}
      >
        {t("audit.clear")}
      </Button>
    </>
  );

  return (
    <ListPage
      title={t("audit.title")}
      description={t("audit.description")}
      filters={filterFields}
      list={list}
      label={t("audit.title")}
      rowKey={(e) => e.id}
      filtered={filtered}
      empty={{ icon: <IconHistory />, title: t("audit.emptyTitle"), description: t("audit.empty") }}
      noMatches={{ icon: <IconSearch />, title: t("audit.noMatchesTitle"), description: t("audit.noMatches") }}
      columns={[
        { key: "time", header: t("audit.time"), cell: (e) => formatDateTime(e.occurredAt), nowrap: true },
        { key: "action", header: t("audit.action"), cell: (e) => <ActionCell entry={e} /> },
        {
          key: "actor",
          header: t("audit.actor"),
          cell: (e) => (
            <>
              <Text size="sm">{e.actorName}</Text>
              <Text size="xs" c="gray.7">
                {t(`audit.actorTypes.${e.actorType}`)}
              </Text>
            </>
          ),
        },
        {
          key: "entity",
          header: t("audit.entity"),
          priority: 3,
          cell: (e) => (
            <Badge variant="light" color="gray" tt="none">
              {labels.entity(e.entityType)}
            </Badge>
          ),
        },
        {
          key: "ip",
          header: t("audit.ip"),
          priority: 3,
          cell: (e) => (
            <Text ff="monospace" size="sm">
              {e.ip ?? "—"}
            </Text>
          ),
        },
      ]}
      rowActions={(e) => (
        <ActionIcon variant="light" aria-label={t("audit.showChanges")} onClick={() => setOpen(e)}>
          <IconListDetails size={20} />
        </ActionIcon>
      )}
    >
      <EntryDetails entry={open} onClose={() => setOpen(null)} />
    </ListPage>
  );
}
