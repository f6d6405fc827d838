import { Avatar, Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconCoins, IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { usePrograms } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { wholeList } from "../../components/cursor-list";
import { notifySaved, showFormError } from "../../components/feedback";
import { ListPage } from "../../components/ListPage";
import { formatBp, formatDate } from "../../format";
import { ActivateButton, converterText, nameTaken, ProgramStatusBadge } from "./program-shared";

function CreateProgramModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { name: "" }, validate: { name: (v) => (v.trim() ? null : t("validation.required")) } });
  const create = useMutation({
    mutationFn: (v: { name: string }) => unwrap(api.POST("/api/v1/programs", { body: { name: v.name.trim() } })),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.programs.all });
      notifySaved(t, t("programs.createdMessage", { name: p.name }));
      form.reset();
      onClose();
      navigate(`/programs/${p.id}`);
    },
    onError: (err) => {
      if (nameTaken(err)) form.setFieldError("name", t("programs.nameTaken"));
      else showFormError(t, form, err);
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t("programs.createTitle")}>
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack>
          <TextInput label={t("programs.name")} withAsterisk data-autofocus {...form.getInputProps("name")} />
          <Text size="sm">{t("programs.createHelp")}</Text>
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
  const navigate = useNavigate();
  const list = wholeList(usePrograms());
  const [creating, setCreating] = useState(false);
  const add = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
      {t("programs.add")}
    </Button>
  );
  return (
    <ListPage
      title={t("programs.title")}
      description={t("programs.description")}
      actions={add}
      list={list}
      label={t("programs.title")}
      rowKey={(p) => p.id}
      onRowClick={(p) => navigate(`/programs/${p.id}`)}
      empty={{ icon: <IconCoins />, title: t("programs.emptyTitle"), description: t("programs.empty"), action: add || undefined }}
      columns={[
        {
          key: "name",
          header: t("programs.name"),
          cell: (p) => (
            <Group wrap="nowrap" gap="sm">
              <Avatar src={p.iconUrl} color="indigo" radius="md" size={40} style={{ border: `3px solid ${p.primaryColor}` }}>
                <IconCoins size={20} />
              </Avatar>
              <div style={{ minWidth: 0 }}>
                <Text component={Link} to={`/programs/${p.id}`} fw={700} c="indigo.8" td="none" onClick={(e) => e.stopPropagation()}>
                  {p.name}
                </Text>
                {p.slogan && <Text size="sm">{p.slogan}</Text>}
              </div>
            </Group>
          ),
        },
        { key: "status", header: t("programs.status"), cell: (p) => <ProgramStatusBadge status={p.status} /> },
        {
          key: "converter",
          header: t("programs.sections.converter"),
          priority: 2,
          cell: (p) => converterText(t, p.converterPoints, p.converterAmountMinor),
        },
        { key: "budget", header: t("programs.budget"), priority: 3, cell: (p) => (p.budgetBp > 0 ? formatBp(p.budgetBp) : "—") },
        {
          key: "dates",
          header: t("programs.dates"),
          priority: 3,
          nowrap: true,
          cell: (p) => (p.startsAt || p.endsAt ? `${formatDate(p.startsAt)} – ${formatDate(p.endsAt)}` : "—"),
        },
      ]}
      rowActions={(p) => (canWrite && p.status === "draft" ? <ActivateButton program={p} size="xs" /> : null)}
    >
      <CreateProgramModal opened={creating} onClose={() => setCreating(false)} />
    </ListPage>
  );
}
