import { Avatar, Card, Group, SimpleGrid, Text, ThemeIcon, UnstyledButton } from "@mantine/core";
import { IconChevronRight } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { activeMembership, permissionsOf, useCurrentSession } from "../../api/session";
import { PageHeader } from "../../components/PageHeader";
import type { TKey } from "../../i18n";
import { visibleNavigation } from "../../navigation";

/** Home: which company you act for, your role, and where to go next. */
export function DashboardScreen() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const membership = activeMembership(session);
  const areas = visibleNavigation(permissionsOf(session));

  return (
    <>
      <PageHeader title={t("dashboard.title", { name: session.staff.name })} description={t("dashboard.description")} />
      {membership ? (
        <Card withBorder radius="lg" p="lg" mb="xl">
          <Group>
            <Avatar src={membership.company.logoUrl} size={64} radius="md" color="indigo" alt="">
              {membership.company.name.slice(0, 2).toUpperCase()}
            </Avatar>
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                {t("dashboard.company")}
              </Text>
              <Text size="xl" fw={700} data-testid="company-name">
                {membership.company.name}
              </Text>
              <Text size="sm" c="dimmed">
                {t("dashboard.yourRole", { role: t(`roles.${membership.role}`) })}
              </Text>
            </div>
          </Group>
        </Card>
      ) : (
        <Text c="dimmed" mb="xl">
          {t("dashboard.noCompany")}
        </Text>
      )}
      {areas.map((area) => (
        <section key={area.key} aria-label={t(area.labelKey)}>
          <Text fw={700} mb="sm">
            {t(area.labelKey)}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mb="xl">
            {area.items.map((item) => (
              <UnstyledButton key={item.path} component={Link} to={item.path}>
                <Card withBorder radius="lg" p="md" h="100%">
                  <Group wrap="nowrap" justify="space-between">
                    <Group wrap="nowrap">
                      <ThemeIcon variant="light" size={44} radius="md">
                        <item.icon size={24} />
                      </ThemeIcon>
                      <div>
                        <Text fw={600}>{t(item.labelKey)}</Text>
                        <Text size="sm" c="dimmed">
                          {t(`${item.labelKey}Hint` as TKey)}
                        </Text>
                      </div>
                    </Group>
                    <IconChevronRight size={18} />
                  </Group>
                </Card>
              </UnstyledButton>
            ))}
          </SimpleGrid>
        </section>
      ))}
    </>
  );
}
