import { Button, EmptyState } from "@mantine/core";
import { IconLock, IconMapQuestion } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function NotFoundScreen() {
  const { t } = useTranslation();
  return (
    <EmptyState mt="xl" icon={<IconMapQuestion />} title={t("notFound.title")} description={t("notFound.description")}>
      <Button component={Link} to="/">
        {t("notFound.home")}
      </Button>
    </EmptyState>
  );
}

export function ForbiddenScreen() {
  const { t } = useTranslation();
  return (
    <EmptyState mt="xl" icon={<IconLock />} title={t("forbidden.title")} description={t("forbidden.description")}>
      <Button component={Link} to="/">
        {t("notFound.home")}
      </Button>
    </EmptyState>
  );
}
