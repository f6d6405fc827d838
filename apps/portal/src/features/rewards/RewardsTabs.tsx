import { Group, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";

/** Catalog | My rewards: two addresses, so "My rewards" can be linked to and reloaded. */
export function RewardsTabs() {
  const { t } = useTranslation();
  const style = ({ isActive }: { isActive: boolean }) => ({
    padding: "6px 14px",
    borderRadius: 999,
    textDecoration: "none",
    fontWeight: 600,
    color: isActive ? "var(--mantine-color-white)" : "var(--mantine-color-text)",
    background: isActive ? "var(--mantine-primary-color-filled)" : "var(--mantine-color-default-hover)",
  });
  return (
    <>
      <Title order={1} size="h2">
        {t("rewards.title")}
      </Title>
      <Group gap="xs" component="nav" aria-label={t("rewards.title")}>
        <NavLink to="/rewards" end style={style}>
          {t("rewards.tabs.catalog")}
        </NavLink>
        <NavLink to="/rewards/mine" style={style}>
          {t("rewards.tabs.mine")}
        </NavLink>
      </Group>
    </>
  );
}
