import { ActionIcon, Badge, Button, Group, Menu, Modal, Select, Stack, Text, Textarea } from "@mantine/core";
import { IconDots, IconEraser, IconShieldCheck, IconX } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, type PrivacyRequest, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { useCursorList } from "../../components/cursor-list";
import { notifyError, notifySaved } from "../../components/feedback";
import { ListPage } from "../../components/ListPage";
import { formatDateTime, memberName } from "../../format";
import { EraseMemberModal } from "./card/PrivacyActions";

const PAGE = 25;
type Status = PrivacyRequest["status"];
const STATUS_COLORS: Record<Status, string> = { open: "orange", done: "green", dismissed: "gray" };

/** How many requests wait for staff: the sidebar's badge (refreshed every minute). */
export function useOpenPrivacyRequests(): number {
  const can = useCan("members.read");
  const query = useQuery({
    queryKey: queryKeys.privacyRequests.list({ badge: true }),
    queryFn: () => unwrap(api.GET("/api/v1/privacy-requests", { params: { query: { status: "open", limit: 1 } } })),
    enabled: can,
    refetchInterval: 60_000,
  });
  return query.data?.openCount ?? 0;
}

/** Members' requests from the portal (erasure) to act on: erase the member or dismiss with a note. */
export function PrivacyRequestsScreen() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canErase = useCan("members.erase");
  const [status, setStatus] = useState<string | null>("open");
  const [erasing, setErasing] = useState<PrivacyRequest | null>(null);
  const [dismissing, setDismissing] = useState<PrivacyRequest | null>(null);
  const list = useCursorList<PrivacyRequest>({
    queryKey: queryKeys.privacyRequests.list({ status }),
    fetchPage: (cursor) =>
      unwrap(
        api.GET("/api/v1/privacy-requests", {
          params: { query: { limit: PAGE, cursor, status: (status as Status | null) ?? undefined } },
        }),
      ),
  });
  const member = useQuery({
    queryKey: queryKeys.members.detail(erasing?.member.id ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/members/{id}", { params: { path: { id: erasing?.member.id ?? "" } } })),
    enabled: !!erasing,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.privacyRequests.all });
  const who = (r: PrivacyRequest) => (r.member.erased ? t("members.requests.erasedMember") : memberName(r.member));

  return (
    <ListPage
      title={t("members.requests.title")}
      description={t("members.requests.description")}
      filters={
        <Select
          aria-label={t("members.requests.statusFilter")}
          placeholder={t("members.requests.anyStatus")}
          clearable
          w={200}
          value={status}
          onChange={setStatus}
          data={(["open", "done", "dismissed"] as const).map((s) => ({ value: s, label: t(`members.requests.statuses.${s}`) }))}
        />
      }
      list={list}
      label={t("members.requests.title")}
      rowKey={(r) => r.id}
      filtered={status !== null}
      empty={{ icon: <IconShieldCheck />, title: t("members.requests.emptyTitle"), description: t("members.requests.empty") }}
      noMatches={{ icon: <IconShieldCheck />, title: t("members.requests.emptyTitle"), description: t("members.requests.noMatches") }}
      columns={[
        {
          key: "member",
          header: t("members.requests.member"),
          cell: (r) => (
            <>
              <Text component={Link} to={`/members/${r.member.id}`} size="sm" fw={600} c="indigo.8" td="none">
                {who(r)}
              </Text>
              <Text size="xs" ff="monospace">
                {r.member.cardNumber}
              </Text>
            </>
          ),
        },
        {
          key: "request",
          header: t("members.requests.request"),
          cell: (r) => (
            <>
              <Text size="sm" fw={500}>
                {t("members.requests.kinds.erasure")}
              </Text>
              <Text size="xs" className="nowrap">
                {formatDateTime(r.createdAt)}
              </Text>
              {r.reason && <Text size="xs">{t("members.requests.reason", { reason: r.reason })}</Text>}
            </>
          ),
        },
        {
          key: "handled",
          header: t("members.requests.handled"),
          priority: 2,
          cell: (r) =>
            r.handledAt ? (
              <>
                <Text size="sm">{r.handledBy}</Text>
                <Text size="xs">{formatDateTime(r.handledAt)}</Text>
                {r.note && <Text size="xs">{r.note}</Text>}
              </>
            ) : (
              "—"
            ),
        },
        {
          key: "status",
          header: t("members.requests.status"),
          cell: (r) => (
            <Badge color={STATUS_COLORS[r.status]} variant="light">
              {t(`members.requests.statuses.${r.status}`)}
            </Badge>
          ),
        },
      ]}
      rowActions={
        canErase
          ? (r) =>
              r.status === "open" && (
                <Menu position="bottom-end">
                  <Menu.Target>
                    <ActionIcon aria-label={t("common.actionsFor", { name: who(r) })}>
                      <IconDots size={20} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item leftSection={<IconEraser size={16} />} color="red" onClick={() => setErasing(r)} mih={40}>
                      {t("members.requests.erase")}
                    </Menu.Item>
                    <Menu.Item leftSection={<IconX size={16} />} onClick={() => setDismissing(r)} mih={40}>
                      {t("members.requests.dismiss")}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              )
          : undefined
      }
    >
      {erasing && member.data && <EraseMemberModal member={member.data} opened onClose={() => setErasing(null)} onErased={refresh} />}
      <DismissModal request={dismissing} onClose={() => setDismissing(null)} onDone={refresh} />
    </ListPage>
  );
}

/** Dismissing needs a note: the member's request deserves a recorded reason. */
function DismissModal({ request, onClose, onDone }: { request: PrivacyRequest | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setNote("");
    setError(null);
    onClose();
  };
  const dismiss = useMutation({
    mutationFn: (r: PrivacyRequest) =>
      unwrap(api.POST("/api/v1/privacy-requests/{id}/dismiss", { params: { path: { id: r.id } }, body: { note: note.trim() } })),
    onSuccess: () => {
      onDone();
      notifySaved(t, t("members.requests.dismissed"));
      close();
    },
    onError: (err) => notifyError(t, err),
  });
  return (
    <Modal opened={!!request} onClose={close} title={t("members.requests.dismissTitle")}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!note.trim()) return setError(t("validation.required"));
          if (request) dismiss.mutate(request);
        }}
      >
        <Stack>
          <Text size="sm">{t("members.requests.dismissMessage")}</Text>
          <Textarea
            label={t("members.requests.note")}
            data-autofocus
            autosize
            minRows={2}
            value={note}
            error={error}
            onChange={(e) => {
              setNote(e.currentTarget.value);
              setError(null);
            }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={dismiss.isPending}>
              {t("members.requests.dismiss")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
