import { ActionIcon, Button, Input, SegmentedControl, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPencil, IconPlus, IconSearch, IconTemplate, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import type { Channel, MessageTemplate } from "../../api/messaging";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { useCursorList } from "../../components/cursor-list";
import { ChannelBadge } from "../../components/Deliveries";
import { notifyError, notifySaved } from "../../components/feedback";
import { ListPage } from "../../components/ListPage";
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
      void queryClient.invalidateQueries({ queryKey: queryKeys.templates.all });
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
  const list = useCursorList({
    queryKey: queryKeys.templates.list({ q, channel }),
    fetchPage: (cursor) =>
      unwrap(
        api.GET("/api/v1/message-templates", {
          params: { query: { q: q || undefined, channel: channel === "all" ? undefined : channel, limit: 25, cursor } },
        }),
      ),
  });
  const add = (label: string) =>
    canWrite && (
      <Button component={Link} to="/messages/templates/new" leftSection={<IconPlus size={18} />}>
        {label}
      </Button>
    );
  const open = (tpl: MessageTemplate) => navigate(`/messages/templates/${tpl.id}`);
  return (
    <ListPage<MessageTemplate>
      title={t("messaging.templates.title")}
      description={t("messaging.templates.description")}
      actions={add(t("messaging.templates.add"))}
      search={{ value: search, onChange: setSearch, label: t("messaging.templates.search") }}
      filters={
        <Stack gap={4}>
          <Input.Label size="md" id="templates-channel-filter">
            {t("messaging.channelFilter")}
          </Input.Label>
          <SegmentedControl
            aria-labelledby="templates-channel-filter"
            value={channel}
            onChange={(v) => setChannel(v as ChannelFilter)}
            data={[
              { value: "all", label: t("messaging.allChannels") },
              { value: "email", label: t("messaging.channels.email") },
              { value: "sms", label: t("messaging.channels.sms") },
              { value: "push", label: t("messaging.channels.push") },
            ]}
          />
        </Stack>
      }
      list={list}
      label={t("messaging.templates.title")}
      rowKey={(tpl) => tpl.id}
      onRowClick={open}
      filtered={q !== "" || channel !== "all"}
      empty={{
        icon: <IconTemplate />,
        title: t("messaging.templates.emptyTitle"),
        description: t("messaging.templates.empty"),
        action: add(t("messaging.templates.addFirst")),
      }}
      noMatches={{ icon: <IconSearch />, title: t("messaging.templates.noMatchesTitle"), description: t("messaging.templates.noMatches") }}
      columns={[
        {
          key: "name",
          header: t("messaging.templates.name"),
          cell: (tpl) => (
            <div>
              <Text
                component={Link}
                to={`/messages/templates/${tpl.id}`}
                fw={600}
                c="indigo.8"
                td="none"
                style={{ overflowWrap: "anywhere" }}
                onClick={(e) => e.stopPropagation()}
              >
                {tpl.name}
              </Text>
              <Text size="xs" c="gray.7" lineClamp={1}>
                {excerpt(tpl) || "—"}
              </Text>
            </div>
          ),
        },
        { key: "channel", header: t("messaging.channel"), cell: (tpl) => <ChannelBadge channel={tpl.channel} />, priority: 2 },
        {
          key: "updated",
          header: t("messaging.templates.updated"),
          nowrap: true,
          priority: 3,
          cell: (tpl) => formatDateTime(tpl.updatedAt),
        },
      ]}
      rowActions={(tpl) => (
        <>
          <ActionIcon
            variant="subtle"
            aria-label={t(canWrite ? "messaging.templates.editNamed" : "messaging.templates.openNamed", { name: tpl.name })}
            onClick={() => open(tpl)}
          >
            <IconPencil size={20} />
          </ActionIcon>
          {canWrite && (
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t("messaging.templates.deleteNamed", { name: tpl.name })}
              onClick={() => askDelete(tpl)}
            >
              <IconTrash size={20} />
            </ActionIcon>
          )}
        </>
      )}
    />
  );
}
