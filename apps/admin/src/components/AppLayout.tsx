import { AppShell, Badge, Burger, Group, NavLink, ScrollArea, Text, ThemeIcon } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconStarFilled } from "@tabler/icons-react";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation } from "react-router";
import { AccountMenu } from "./AccountMenu";
import { CompanySwitcher } from "./CompanySwitcher";
import { LanguageSwitcher } from "./LanguageSwitcher";
import type { NavArea, NavItem } from "./nav-types";
import { PageLoader } from "./PageLoader";

/** The shell: top bar, and the sidebar of the areas this account may open (given by App). */
/** The count beside a sidebar entry; nothing at 0. */
function NavBadge({ useCount }: { useCount: () => number }) {
  const count = useCount();
  return count > 0 ? (
    <Badge size="sm" color="red" variant="filled" circle={count < 10}>
      {count}
    </Badge>
  ) : null;
}

export function AppLayout({ areas, home }: { areas: NavArea[]; home: Pick<NavItem, "path" | "labelKey" | "icon"> }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();

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
            to={home.path}
            label={t(home.labelKey)}
            leftSection={<home.icon size={20} />}
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
                  rightSection={item.useBadge ? <NavBadge useCount={item.useBadge} /> : undefined}
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
