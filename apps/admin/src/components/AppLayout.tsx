import { AppShell, Burger, Group, NavLink, ScrollArea, Text, ThemeIcon } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconStarFilled } from "@tabler/icons-react";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation } from "react-router";
import { permissionsOf, useCurrentSession } from "../api/session";
import { HOME, visibleNavigation } from "../navigation";
import { AccountMenu } from "./AccountMenu";
import { CompanySwitcher } from "./CompanySwitcher";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { PageLoader } from "./PageLoader";

export function AppLayout() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const areas = visibleNavigation(permissionsOf(session));

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: { md: 220, lg: 260 }, breakpoint: "md", collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="md"
              size="md"
              aria-label={opened ? t("shell.closeNavigation") : t("shell.openNavigation")}
            />
            <Group
              gap={8}
              wrap="nowrap"
              renderRoot={(props) => <Link to="/" {...props} />}
              style={{ textDecoration: "none", color: "inherit" }}
            >
              <ThemeIcon size="lg" radius="md">
                <IconStarFilled size={18} />
              </ThemeIcon>
              <Text fw={700} size="lg" visibleFrom="sm">
                Regulars
              </Text>
            </Group>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <CompanySwitcher />
            <LanguageSwitcher />
            <AccountMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t("shell.navigation")}>
        <AppShell.Section grow component={ScrollArea}>
          <NavLink
            component={Link}
            to={HOME.path}
            label={t(HOME.labelKey)}
            leftSection={<HOME.icon size={20} />}
            active={pathname === "/"}
            onClick={close}
          />
          {areas.map((area) => (
            <div key={area.key}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">
                {t(area.labelKey)}
              </Text>
              {area.items.map((item) => (
                <NavLink
                  key={item.path}
                  component={Link}
                  to={item.path}
                  label={t(item.labelKey)}
                  leftSection={<item.icon size={20} />}
                  active={pathname.startsWith(item.path)}
                  onClick={close}
                />
              ))}
            </div>
          ))}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
