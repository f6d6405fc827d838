import { ActionIcon, Badge, Button, EmptyState, Group, Pagination, Switch, Table, Text, TextInput, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconKey, IconPlus, IconSearch, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Permission } from "../../api/client";
import { type ApiKey, api, unwrap } from "../../api/client";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { ErrorState } from "../../components/ErrorState";
import { notifyError, notifySaved } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { formatDateTime } from "../../format";
import { CreateApiKeyModal, SecretModal } from "./ApiKeyDialogs";

const PAGE = 20;

export function ApiKeysScreen() {
  const { t } = useTranslation();
  const canWrite = useCan("api_keys.write");
  const queryClient = useQueryClient();
  const [creating, { open, close }] = useDisclosure(false);
  const [secret, setSecret] = useState<{ value: string; name: string } | null>(null);
  const [search, setSearch] = useState("");
  const [showRevoked, setShowRevoked] = useState(false);
  const [page, setPage] = useState(1);

  const list = useQuery({ queryKey: ["api-keys"], queryFn: () => unwrap(api.GET("/api/v1/api-keys")) });

  const revoke = useMutation({
    mutationFn: (k: ApiKey) => unwrap(api.DELETE("/api/v1/api-keys/{id}", { params: { path: { id: k.id } } })),
    onSuccess: (_r, k) => {
      void queryClient.invalidateQueries({ queryKey: ["api-keys"] });
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

  const needle = search.trim().toLowerCase();
  const all = list.data?.data ?? [];
  const rows = all.filter(
    (k) => (showRevoked || !k.revokedAt) && (!needle || k.name.toLowerCase().includes(needle) || k.prefix.toLowerCase().includes(needle)),
  );
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const current = Math.min(page, pages);
  const visible = rows.slice((current - 1) * PAGE, current * PAGE);

  return (
    <>
      <PageHeader
        title={t("apiKeys.title")}
        description={t("apiKeys.description")}
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={18} />} onClick={open}>
              {t("apiKeys.create")}
            </Button>
          )
        }
      />
      <Group mb="md" gap="md" wrap="wrap">
        <TextInput
          aria-label={t("apiKeys.search")}
          placeholder={t("apiKeys.search")}
          leftSection={<IconSearch size={18} />}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          style={{ flex: "1 1 240px" }}
        />
        <Switch label={t("apiKeys.showRevoked")} checked={showRevoked} onChange={(e) => setShowRevoked(e.currentTarget.checked)} />
      </Group>

      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <PageLoader />
      ) : rows.length === 0 ? (
        all.length === 0 ? (
          <EmptyState icon={<IconKey />} title={t("apiKeys.emptyTitle")} description={t("apiKeys.empty")}>
            {canWrite && (
              <Button leftSection={<IconPlus size={18} />} onClick={open}>
                {t("apiKeys.create")}
              </Button>
            )}
          </EmptyState>
        ) : (
          <EmptyState icon={<IconSearch />} title={t("apiKeys.noMatchesTitle")} description={t("apiKeys.noMatches")} />
        )
      ) : (
        <>
          <Table.ScrollContainer minWidth={700}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-label={t("apiKeys.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("apiKeys.name")}</Table.Th>
                  <Table.Th>{t("apiKeys.scopes")}</Table.Th>
                  <Table.Th>{t("apiKeys.createdAt")}</Table.Th>
                  <Table.Th>{t("apiKeys.lastUsedAt")}</Table.Th>
                  <Table.Th>{t("apiKeys.status")}</Table.Th>
                  {canWrite && <Table.Th w={60}>{t("common.actions")}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {visible.map((k) => (
                  <Table.Tr key={k.id} data-testid={`api-key-${k.id}`}>
                    <Table.Td>
                      <Text fw={600} size="sm">
                        {k.name}
                      </Text>
                      <Text ff="monospace" size="xs" c="dimmed" aria-label={t("apiKeys.prefix")}>
                        {k.prefix}…
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {k.scopes.map((s) => (
                          <Badge key={s} variant="light" color="gray" tt="none">
                            {t(`permissions.${s as Permission}`)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td className="nowrap">{formatDateTime(k.createdAt)}</Table.Td>
                    <Table.Td className="nowrap">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t("apiKeys.neverUsed")}</Table.Td>
                    <Table.Td>
                      {k.revokedAt ? (
                        <Tooltip label={formatDateTime(k.revokedAt)}>
                          <Badge color="red" variant="light">
                            {t("apiKeys.revokedBadge")}
                          </Badge>
                        </Tooltip>
                      ) : (
                        <Badge color="green" variant="light">
                          {t("apiKeys.activeBadge")}
                        </Badge>
                      )}
                    </Table.Td>
                    {canWrite && (
                      <Table.Td>
                        {!k.revokedAt && (
                          <Tooltip label={t("apiKeys.revoke")}>
                            <ActionIcon color="red" aria-label={t("apiKeys.revokeNamed", { name: k.name })} onClick={() => askRevoke(k)}>
                              <IconTrash size={20} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pages > 1 && (
            <Group justify="center" mt="md">
              <Pagination total={pages} value={current} onChange={setPage} />
            </Group>
          )}
        </>
      )}
      <CreateApiKeyModal
        opened={creating}
        scopes={list.data?.scopes ?? []}
        onClose={close}
        onCreated={(value, name) => {
          close();
          setSecret({ value, name });
        }}
      />
      <SecretModal secret={secret?.value ?? null} name={secret?.name ?? ""} onClose={() => setSecret(null)} />
    </>
  );
}
