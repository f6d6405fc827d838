import { Button, Group } from "@mantine/core";
import { IconArrowLeft, IconPrinter } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { usePrograms } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { PageHeader } from "../../components/PageHeader";
import { QueryView } from "../../components/QueryView";
import { PortalQr } from "./PortalQr";
import { usePortalSettings } from "./portal-api";
import "./poster.css";

/** An A4 poster for the counter: program name, logo, QR code, short link, in the company's language. */
export function PortalPosterScreen() {
  const { t, i18n } = useTranslation();
  const settings = usePortalSettings();
  const programs = usePrograms();
  const company = useQuery({ queryKey: queryKeys.company.all, queryFn: () => unwrap(api.GET("/api/v1/company")) });
  // The poster speaks to the company's customers: its language, whatever the panel's is.
  const pt = i18n.getFixedT(company.data?.language ?? i18n.language);
  return (
    <>
      <PageHeader
        title={t("portal.poster.title")}
        description={t("portal.poster.description")}
        actions={
          <Group gap="xs">
            <Button variant="default" component={Link} to="/settings/member-portal" leftSection={<IconArrowLeft size={18} />}>
              {t("portal.poster.back")}
            </Button>
            <Button leftSection={<IconPrinter size={18} />} onClick={() => window.print()}>
              {t("portal.poster.print")}
            </Button>
          </Group>
        }
      />
      <QueryView query={settings}>
        {(s) => {
          const program = programs.data?.find((p) => p.id === s.defaultProgramId) ?? programs.data?.find((p) => p.status === "active");
          const name = s.programName || program?.name || company.data?.name || "";
          const logo = s.logoUrl ?? company.data?.logoUrl ?? null;
          return (
            <article className="rg-poster" data-testid="portal-poster" lang={company.data?.language}>
              <div>
                {logo && <img src={logo} alt="" style={{ maxHeight: "35mm", maxWidth: "120mm", marginBottom: "8mm" }} />}
                <h2 style={{ color: s.accentColor }}>{name}</h2>
                <p className="rg-poster-cta">{pt("portal.posterText.cta")}</p>
              </div>
              <PortalQr value={s.shortLink} size={300} alt={t("portal.qrAlt", { link: s.shortLink })} />
              <div>
                <p>{pt("portal.posterText.scan")}</p>
                <p className="rg-poster-link">{s.shortLink.replace(/^https?:\/\//, "")}</p>
                <p>{pt("portal.posterText.join")}</p>
              </div>
            </article>
          );
        }}
      </QueryView>
    </>
  );
}
