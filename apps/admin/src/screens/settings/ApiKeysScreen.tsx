import { ActionIcon, Badge, Button, Group, Switch, Text, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChartBar, IconKey, IconPlus, IconSearch, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Permission } from "../../api/client";
import { type ApiKey, api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { type ListState, wholeList } from "../../components/cursor-list";
import { notifyError, notifySaved } from "../../components/feedback";
import { ListPage } from "../../components/ListPage";
import { formatDateTime, formatNumber } from "../../format";
import { CreateApiKeyModal, SecretModal } from "./ApiKeyDialogs";
import { ApiKeyUsageDrawer } from "./ApiKeyUsageDrawer";

export function ApiKeysScreen() {
  const { t } = useTranslation();
  const canWrite = useCan("api_keys.write");
  const queryClient = useQueryClient();
  const [creating, { open, close }] = useDisclosure(false);
  const [secret, setSecret] = useState<{ value: string; name: string } | null>(null);
  const [search, setSearch] = useState("");
  const [showRevoked, setShowRevoked] = useState(false);
  const [usageOf, setUsageOf] = useState<string | null>(null);

  // One request answers both: the keys, and the scopes a new key may have.
  const keysQuery = { queryKey: queryKeys.apiKeys.list(), queryFn: () => unwrap(api.GET("/api/v1/api-keys")) };
  const all = wholeList(useQuery({ ...keysQuery, select: (r) => r.data }));
  const scopes = useQuery({ ...keysQuery, select: (r) => r.scopes }).data ?? [];

  const revoke = useMutation({
    mutationFn: (k: ApiKey) => unwrap(api.DELETE("/api/v1/api-keys/{id}", { params: { path: { id: k.id } } })),
    onSuccess: (_r, k) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.all });
      notifySaved(t, t("apiKeys.revoked", { name: k.name }));
    },
    onError: (err) => notifyError(t, err),
  });

  const askRevoke = (k: ApiKey) =>
    confirmAction(t, {
      title: t("apiKeys.revokeTitle", { name: k.name }),
      message: t("apiKeys.revokeMessage"),
      confirmLabel: t("apiKeys.revoke"),
      onConfirm: () => revoke.mutate(k),
    });

  // The list is small and whole: search and the revoked switch filter it here.
  const needle = search.trim().toLowerCase();
  const rows = all.rows.filter(
    (k) => (showRevoked || !k.revokedAt) && (!needle || k.name.toLowerCase().includes(needle) || k.prefix.toLowerCase().includes(needle)),
  );
  const list: ListState<ApiKey> = { ...all, rows, data: all.data ? rows : undefined };
  // By id, so the drawer shows the key as the list answers it after a save.
  const usageKey = all.rows.find((k) => k.id === usageOf) ?? null;

  const add = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={open}>
      {t("apiKeys.create")}
    </Button>
  );

  return (
    <ListPage
      title={t("apiKeys.title")}
      description={t("apiKeys.description")}
      actions={add}
      search={{ value: search, onChange: setSearch, label: t("apiKeys.search") }}
      filters={
        <Switch
          label={t("apiKeys.showRevoked")}
          checked={showRevoked}
          onChange={(e) => setShowRevoked(e.currentTarget.checked)}
          style={{ alignSelf: "center" }}
        />
      }
      list={list}
      label={t("apiKeys.title")}
      rowKey={(k) => k.id}
      filtered={all.rows.length > 0}
      empty={{ icon: <IconKey />, title: t("apiKeys.emptyTitle"), description: t("apiKeys.empty"), action: add || undefined }}
      noMatches={{ icon: <IconSearch />, title: t("apiKeys.noMatchesTitle"), description: t("apiKeys.noMatches") }}
      columns={[
        {
          key: "name",
          header: t("apiKeys.name"),
          cell: (k) => (
            <>
              <Text fw={600} size="sm">
                {k.name}
              </Text>
              <Text ff="monospace" size="xs" c="gray.7" aria-label={t("apiKeys.prefix")}>
                {k.prefix}…
              </Text>
            </>
          ),
        },
        {
          key: "scopes",
          header: t("apiKeys.scopes"),
          priority: 2,
          cell: (k) => (
            <Group gap={4}>
              {k.scopes.map((s) => (
                <Badge key={s} variant="light" color="gray" tt="none">
                  {t(`permissions.${s as Permission}`)}
                </Badge>
              ))}
            </Group>
          ),
        },
        { key: "created", header: t("apiKeys.createdAt"), priority: 3, nowrap: true, cell: (k) => formatDateTime(k.createdAt) },
        {
          key: "lastUsed",
          header: t("apiKeys.lastUsedAt"),
          nowrap: true,
          cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t("apiKeys.neverUsed")),
        },
        {
          key: "limit",
          header: t("apiKeys.rateLimit"),
          priority: 3,
          nowrap: true,
          cell: (k) =>
            k.rateLimitPerMinute === null ? (
              <Text size="sm" c="gray.7">
                {t("apiKeys.rateLimitDefault")}
              </Text>
            ) : (
              t("apiKeys.perMinute", { formatted: formatNumber(k.rateLimitPerMinute) })
            ),
        },
        {
          key: "status",
          header: t("apiKeys.status"),
          cell: (k) =>
            k.revokedAt ? (
              <Tooltip label={formatDateTime(k.revokedAt)}>
                <Badge color="red" variant="light">
                  {t("apiKeys.revokedBadge")}
                </Badge>
              </Tooltip>
            ) : (
              <Badge color="green" variant="light">
                {t("apiKeys.activeBadge")}
              </Badge>
            ),
        },
      ]}
      rowActions={(k) => (
        <Group gap={4} wrap="nowrap">
          <Tooltip label={t("apiKeys.usage.open")}>
            <ActionIcon variant="subtle" aria-label={t("apiKeys.usage.openNamed", { name: k.name })} onClick={() => setUsageOf(k.id)}>
              <IconChartBar size={20} />
            </ActionIcon>
          </Tooltip>
          {canWrite && !k.revokedAt && (
            <Tooltip label={t("apiKeys.revoke")}>
              <ActionIcon color="red" aria-label={t("apiKeys.revokeNamed", { name: k.name })} onClick={() => askRevoke(k)}>
                <IconTrash size={20} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      )}
    >
      <CreateApiKeyModal
        opened={creating}
        scopes={scopes}
        onClose={close}
        onCreated={(value, name) => {
          close();
          setSecret({ value, name });
        }}
      />
      <ApiKeyUsageDrawer apiKey={usageKey} canWrite={canWrite} onClose={() => setUsageOf(null)} />
      <SecretModal secret={secret?.value ?? null} name={secret?.name ?? ""} onClose={() => setSecret(null)} />
    </ListPage>
  );
}
