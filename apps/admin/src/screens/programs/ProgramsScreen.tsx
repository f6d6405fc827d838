import { Avatar, Badge, Button, Card, EmptyState, Group, Modal, SimpleGrid, Stack, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconCoins, IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, type Program, unwrap } from "../../api/client";
import { usePrograms } from "../../api/lookups";
import { useCan } from "../../api/session";
import { ErrorState } from "../../components/ErrorState";
import { notifySaved, showFormError } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { formatBp, formatDate, formatMoney } from "../../format";

export function ProgramStatusBadge({ status }: { status: Program["status"] }) {
  const { t } = useTranslation();
  const color = status === "active" ? "green" : status === "draft" ? "yellow" : "gray";
  return (
    <Badge color={color} variant="light">
      {t(`programs.statuses.${status}`)}
    </Badge>
  );
}

/** "1 pt per 1,00 zł" */
export function converterText(t: TFunction, points: number, amountMinor: number): string {
  return t("programs.converterText", { points, amount: formatMoney(amountMinor) });
}

function CreateProgramModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { name: "" }, validate: { name: (v) => (v.trim() ? null : t("validation.required")) } });
  const create = useMutation({
    mutationFn: (v: { name: string }) => unwrap(api.POST("/api/v1/programs", { body: { name: v.name.trim() } })),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: ["programs"] });
      notifySaved(t, t("programs.createdMessage", { name: p.name }));
      form.reset();
      onClose();
      navigate(`/programs/${p.id}`);
    },
    onError: (err) => showFormError(t, form, err),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t("programs.createTitle")}>
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack>
          <TextInput label={t("programs.name")} withAsterisk data-autofocus {...form.getInputProps("name")} />
          <Text size="sm" c="dimmed">
            {t("programs.createHelp")}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t("common.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ProgramsScreen() {
  const { t } = useTranslation();
  const canWrite = useCan("programs.write");
  const programs = usePrograms();
  const [creating, setCreating] = useState(false);
  const add = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
      {t("programs.add")}
    </Button>
  );
  return (
    <>
      <PageHeader title={t("programs.title")} description={t("programs.description")} actions={add} />
      {programs.isError ? (
        <ErrorState error={programs.error} onRetry={() => void programs.refetch()} />
      ) : programs.isPending ? (
        <PageLoader />
      ) : programs.data.length === 0 ? (
        <EmptyState icon={<IconCoins />} title={t("programs.emptyTitle")} description={t("programs.empty")}>
          {add}
        </EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {programs.data.map((p) => (
            <UnstyledButton key={p.id} component={Link} to={`/programs/${p.id}`} aria-label={p.name}>
              <Card withBorder radius="lg" p="lg" h="100%" style={{ borderTop: `6px solid ${p.primaryColor}` }}>
                <Group wrap="nowrap" mb="sm">
                  <Avatar src={p.iconUrl} color="indigo" radius="md" size={48}>
                    <IconCoins />
                  </Avatar>
                  <div style={{ minWidth: 0 }}>
                    <Text fw={700} size="lg" truncate>
                      {p.name}
                    </Text>
                    <Text size="sm" c="dimmed" truncate>
                      {p.slogan || "—"}
                    </Text>
                  </div>
                </Group>
                <Group gap="xs" mb="xs">
                  <ProgramStatusBadge status={p.status} />
                  {p.budgetBp > 0 && <Badge variant="outline">{t("programs.budgetBadge", { value: formatBp(p.budgetBp) })}</Badge>}
                </Group>
                <Text size="sm">{converterText(t, p.converterPoints, p.converterAmountMinor)}</Text>
                {(p.startsAt || p.endsAt) && (
                  <Text size="xs" c="dimmed">
                    {formatDate(p.startsAt)} – {formatDate(p.endsAt)}
                  </Text>
                )}
              </Card>
            </UnstyledButton>
          ))}
        </SimpleGrid>
      )}
      <CreateProgramModal opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
