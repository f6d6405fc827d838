import { ActionIcon, Button, Group, Switch, Text } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconFileText, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { wholeList } from "../../components/cursor-list";
import { notifyError, notifySaved } from "../../components/feedback";
import { ListPage } from "../../components/ListPage";
import { formatDateTime } from "../../format";
import { PageDrawer } from "./PageDrawer";
import { type PortalPage, usePortalPages } from "./portal-api";

/** The portal's pages in menu order: switch them on and off, move them, edit them. */
export function PortalPagesScreen() {
  const { t } = useTranslation();
  const canWrite = useCan("programs.write");
  const queryClient = useQueryClient();
  const pages = usePortalPages();
  const list = wholeList(pages);
  const [editing, setEditing] = useState<PortalPage | null>(null);
  const [open, setOpen] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.portalPages.all });

  const patch = useMutation({
    mutationFn: (changes: { id: string; active?: boolean; position?: number }[]) =>
      Promise.all(changes.map(({ id, ...body }) => unwrap(api.PATCH("/api/v1/portal-pages/{id}", { params: { path: { id } }, body })))),
    onSuccess: () => void refresh(),
    onError: (err) => notifyError(t, err),
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/portal-pages/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      void refresh();
      notifySaved(t, t("portal.pages.deleted"));
    },
    onError: (err) => notifyError(t, err),
  });

  /** Swaps a page with its neighbour; positions are renumbered 0, 1, 2… so that gaps or ties never matter. */
  const move = (index: number, by: -1 | 1) => {
    const rows = [...(pages.data ?? [])];
    const other = index + by;
    if (other < 0 || other >= rows.length) return;
    [rows[index], rows[other]] = [rows[other] as PortalPage, rows[index] as PortalPage];
    patch.mutate(
      rows.map((p, position) => ({ id: p.id, position })).filter((c) => rows.find((p) => p.id === c.id)?.position !== c.position),
    );
  };

  const add = canWrite && (
    <Button
      leftSection={<IconPlus size={18} />}
      onClick={() => {
        setEditing(null);
        setOpen(true);
      }}
    >
      {t("portal.pages.add")}
    </Button>
  );
  const edit = (p: PortalPage) => {
    setEditing(p);
    setOpen(true);
  };

  return (
    <ListPage
      title={t("portal.pages.title")}
      description={t("portal.pages.description")}
      actions={add}
      list={list}
      label={t("portal.pages.title")}
      rowKey={(p) => p.id}
      onRowClick={canWrite ? edit : undefined}
      empty={{
        icon: <IconFileText />,
        title: t("portal.pages.emptyTitle"),
        description: t("portal.pages.empty"),
        action: add || undefined,
      }}
      columns={[
        { key: "title", header: t("portal.pages.pageTitle"), cell: (p) => <Text fw={600}>{p.title}</Text> },
        {
          key: "active",
          header: t("portal.pages.active"),
          cell: (p) => (
            <Switch
              checked={p.active}
              disabled={!canWrite}
              aria-label={t("portal.pages.activeLabel", { title: p.title })}
              onClick={(e) => e.stopPropagation()}
              onChange={(e) => patch.mutate([{ id: p.id, active: e.currentTarget.checked }])}
            />
          ),
        },
        {
          key: "order",
          header: t("portal.pages.order"),
          cell: (p) => {
            const index = pages.data?.findIndex((x) => x.id === p.id) ?? 0;
            return (
              <Group gap={4} wrap="nowrap" onClick={(e) => e.stopPropagation()}>
                <ActionIcon
                  variant="subtle"
                  disabled={!canWrite || index === 0}
                  aria-label={t("portal.pages.moveUp", { title: p.title })}
                  onClick={() => move(index, -1)}
                >
                  <IconArrowUp size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  disabled={!canWrite || index === (pages.data?.length ?? 0) - 1}
                  aria-label={t("portal.pages.moveDown", { title: p.title })}
                  onClick={() => move(index, 1)}
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
              </Group>
            );
          },
        },
        { key: "updated", header: t("portal.pages.updated"), priority: 3, cell: (p) => formatDateTime(p.updatedAt) },
      ]}
      rowActions={(p) =>
        canWrite ? (
          <Group gap={4} wrap="nowrap">
            <ActionIcon variant="subtle" aria-label={`${t("portal.pages.edit")}: ${p.title}`} onClick={() => edit(p)}>
              <IconPencil size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`${t("portal.pages.delete")}: ${p.title}`}
              onClick={() =>
                confirmAction(t, {
                  title: t("portal.pages.deleteTitle"),
                  message: t("portal.pages.deleteMessage", { title: p.title }),
                  confirmLabel: t("portal.pages.delete"),
                  onConfirm: () => remove.mutate(p.id),
                })
              }
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ) : null
      }
    >
      <PageDrawer opened={open} page={editing} onClose={() => setOpen(false)} />
    </ListPage>
  );
}
