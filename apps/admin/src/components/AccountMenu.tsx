import { Avatar, Button, Menu, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconKey, IconLogout } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api, unwrap } from "../api/client";
import { queryKeys } from "../api/query-keys";
import { useAcceptSession, useCurrentSession } from "../api/session";
import { ChangePasswordModal } from "./ChangePasswordModal";
import { notifyError } from "./feedback";

export function AccountMenu() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const accept = useAcceptSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [changing, { open, close }] = useDisclosure(false);

  const logout = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/logout")),
    onSuccess: () => {
      queryClient.removeQueries({
        predicate: (q) => q.queryKey[0] !== queryKeys.setup.all[0] && q.queryKey[0] !== queryKeys.session.all[0],
      });
      accept(null);
      navigate("/");
    },
    onError: (err) => notifyError(t, err),
  });

  return (
    <>
      <Menu position="bottom-end" width={240}>
        <Menu.Target>
          <Button
            variant="subtle"
            color="gray"
            px={6}
            aria-label={`${session.staff.name} (${t("shell.account")})`}
            leftSection={<Avatar size={32} color="indigo" radius="xl" aria-hidden />}
            rightSection={<IconChevronDown size={16} />}
          >
            <Text size="sm" fw={500} visibleFrom="lg" maw={160} truncate>
              {session.staff.name}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
              {session.staff.name}
            </Text>
            <Text size="xs" truncate>
              {session.staff.email}
            </Text>
          </Menu.Label>
          <Menu.Divider />
          <Menu.Item leftSection={<IconKey size={16} />} onClick={open} mih={40}>
            {t("shell.changePassword")}
          </Menu.Item>
          <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => logout.mutate()} color="red" mih={40}>
            {t("shell.signOut")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ChangePasswordModal opened={changing} onClose={close} />
    </>
  );
}
