import { Anchor, Loader, Stack, Text, Title, Typography } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError, getPortalJson } from "../../api/client";
import { ErrorState } from "../../shell/ErrorState";
import "./page.css";

interface RenderedPage {
  id: string;
  title: string;
  html: string;
}

/**
 * A page the company wrote in the admin. The server sanitised its HTML on save and again after
 * filling the member's personal fields (allow-listed tags, links, /media/ images only), so it is
 * inserted as it comes.
 */
export function PageScreen() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const page = useQuery({
    queryKey: ["portal", "page", id],
    queryFn: () => getPortalJson<RenderedPage>(`pages/${encodeURIComponent(id)}`),
    retry: false,
  });
  if (page.isPending) return <Loader aria-label="…" mx="auto" my="xl" />;
  if (page.error) {
    if (page.error instanceof ApiError && page.error.status === 404) {
      return (
        <Stack gap="sm" py="xl" align="center">
          <Title order={1} size="h2">
            {t("pages.missingTitle")}
          </Title>
          <Text c="dimmed">{t("pages.missingBody")}</Text>
          <Anchor component={Link} to="/more">
            {t("pages.back")}
          </Anchor>
        </Stack>
      );
    }
    return <ErrorState onRetry={() => void page.refetch()} />;
  }
  return (
    <Stack gap="md" component="article">
      <Title order={1} size="h2">
        {page.data.title}
      </Title>
      <Typography className="portal-page-body">
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server (page-html.ts) */}
        <div dangerouslySetInnerHTML={{ __html: page.data.html }} />
      </Typography>
      <Anchor component={Link} to="/more">
        {t("pages.back")}
      </Anchor>
    </Stack>
  );
}
