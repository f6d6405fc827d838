import { ActionIcon, Button, EmptyState, Group, Loader, Menu, SegmentedControl, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDots, IconPencil, IconPlus, IconSearch, IconTemplate, IconTrash } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import type { Channel, MessageTemplate } from "../../api/messaging";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { ChannelBadge } from "../../components/Deliveries";
import { ErrorState } from "../../components/ErrorState";
import { notifyError, notifySaved } from "../../components/feedback";
import { LoadMore } from "../../components/LoadMore";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { formatDateTime } from "../../format";

type ChannelFilter = "all" | Channel;

/** The text a template starts with, for the list: subject of an e-mail, text of an SMS. */
function excerpt(tpl: MessageTemplate): string {
  if (tpl.channel === "email") return tpl.subject;
  return tpl.text.length > 90 ? `${tpl.text.slice(0, 90)}…` : tpl.text;
}

export function useDeleteTemplate(onDeleted?: () => void) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (tpl: MessageTemplate) => unwrap(api.DELETE("/api/v1/message-templates/{id}", { params: { path: { id: tpl.id } } })),
    onSuccess: (_data, tpl) => {
      void queryClient.invalidateQueries({ queryKey: ["message-templates"] });
      notifySaved(t, t("messaging.templates.deleted", { name: tpl.name }));
      onDeleted?.();
    },
    onError: (err) => notifyError(t, err),
  });
  return (tpl: MessageTemplate) =>
    confirmAction(t, {
      title: t("messaging.templates.deleteTitle", { name: tpl.name }),
      message: t("messaging.templates.deleteMessage"),
      confirmLabel: t("messaging.templates.delete"),
      onConfirm: () => remove.mutate(tpl),
    });
}

/** Message templates: reusable e-mail and SMS contents with personal fields. */
export function TemplatesScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan("messages.write");
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const [channel, setChannel] = useState<ChannelFilter>("all");
  const askDelete = useDeleteTemplate();
  const list = useInfiniteQuery({
    queryKey: ["message-templates", "list", { q, channel }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/message-templates", {
          params: { query: { q: q || undefined, channel: channel === "all" ? undefined : channel, limit: 25, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = q !== "" || channel !== "all";
  const add = canWrite && (
    <Button component={Link} to="/messages/templates/new" leftSection={<IconPlus size={18} />}>
      {t("messaging.templates.add")}
    </Button>
  );
  return (
    <>
      <PageHeader title={t("messaging.templates.title")} description={t("messaging.templates.description")} actions={add} />
      <Group mb="md" gap="sm" wrap="wrap">
        <TextInput
          aria-label={t("messaging.templates.search")}
          placeholder={t("messaging.templates.search")}
          leftSection={<IconSearch size={18} />}
          rightSection={list.isFetching ? <Loader size="xs" /> : null}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: "1 1 240px" }}
        />
        <SegmentedControl
          aria-label={t("messaging.channelFilter")}
          value={channel}
          onChange={(v) => setChannel(v as ChannelFilter)}
          data={[
            { value: "all", label: t("messaging.allChannels") },
            { value: "email", label: t("messaging.channels.email") },
            { value: "sms", label: t("messaging.channels.sms") },
          ]}
        />
      </Group>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <PageLoader />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={<IconSearch />}
            title={t("messaging.templates.noMatchesTitle")}
            description={t("messaging.templates.noMatches")}
          />
        ) : (
          <EmptyState icon={<IconTemplate />} title={t("messaging.templates.emptyTitle")} description={t("messaging.templates.empty")}>
            {canWrite && (
              <Button component={Link} to="/messages/templates/new" leftSection={<IconPlus size={18} />}>
                {t("messaging.templates.addFirst")}
              </Button>
            )}
          </EmptyState>
        )
      ) : (
        <>
          <Table.ScrollContainer minWidth={600}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-label={t("messaging.templates.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("messaging.templates.name")}</Table.Th>
                  <Table.Th>{t("messaging.channel")}</Table.Th>
                  <Table.Th>{t("messaging.templates.updated")}</Table.Th>
                  <Table.Th w={60}>{t("common.actions")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((tpl) => (
                  <Table.Tr key={tpl.id} data-testid="template-row">
                    <Table.Td miw={240}>
                      <Text component={Link} to={`/messages/templates/${tpl.id}`} fw={600} c="indigo.8" td="none">
                        {tpl.name}
                      </Text>
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {excerpt(tpl) || "—"}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <ChannelBadge channel={tpl.channel} />
                    </Table.Td>
                    <Table.Td className="nowrap">{formatDateTime(tpl.updatedAt)}</Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <ActionIcon aria-label={t("common.actionsFor", { name: tpl.name })}>
                            <IconDots size={20} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item
                            leftSection={<IconPencil size={16} />}
                            onClick={() => navigate(`/messages/templates/${tpl.id}`)}
                            mih={40}
                          >
                            {canWrite ? t("common.edit") : t("messaging.open")}
                          </Menu.Item>
                          {canWrite && (
                            <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => askDelete(tpl)} mih={40}>
                              {t("messaging.templates.delete")}
                            </Menu.Item>
                          )}
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
    </>
  );
}
