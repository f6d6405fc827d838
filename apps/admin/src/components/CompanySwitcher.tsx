import { ActionIcon, Group, Select, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api, unwrap } from "../api/client";
import { sessionKey, useAcceptSession, useCurrentSession } from "../api/session";
import { notifyError } from "./feedback";
import { NewCompanyModal } from "./NewCompanyModal";

export function CompanySwitcher() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const queryClient = useQueryClient();
  const accept = useAcceptSession();
  const navigate = useNavigate();
  const [creating, { open, close }] = useDisclosure(false);

  const switchTo = useMutation({
    mutationFn: (companyId: string) => unwrap(api.POST("/api/v1/auth/switch-company", { body: { companyId } })),
    onSuccess: async (next) => {
      accept(next);
      await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      navigate("/");
    },
    onError: (err) => notifyError(t, err),
  });

  const data = session.memberships.map((m) => ({ value: m.company.id, label: m.company.name }));
  return (
    <Group gap={4} wrap="nowrap">
      {data.length > 0 && (
        <Select
          aria-label={t("shell.company")}
          data={data}
          value={session.companyId}
          onChange={(value) => value && value !== session.companyId && switchTo.mutate(value)}
          allowDeselect={false}
          searchable={data.length > 6}
          disabled={switchTo.isPending}
          w={{ base: 150, sm: 220 }}
          comboboxProps={{ width: 280, position: "bottom-start" }}
        />
      )}
      {session.staff.isOperator && (
        <>
          <Tooltip label={t("shell.newCompany")}>
            <ActionIcon variant="light" aria-label={t("shell.newCompany")} onClick={open}>
              <IconPlus size={20} />
            </ActionIcon>
          </Tooltip>
          <NewCompanyModal
            opened={creating}
            onClose={close}
            onCreated={(companyId) => {
              close();
              switchTo.mutate(companyId);
            }}
          />
        </>
      )}
    </Group>
  );
}
