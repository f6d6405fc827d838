import { Loader, SegmentedControl } from "@mantine/core";
import { IconDots, IconGift, IconHome, IconId } from "@tabler/icons-react";
import { type ReactNode, Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { slug } from "../api/client";
import { usePortalConfig } from "../api/config";
import { useMemberSession } from "../api/session";
import { currentLanguage, type Language } from "../i18n";
import { useChooseLanguage, useLanguageSync } from "./language";
import { useOnline } from "./online";
import { ScreenBoundary } from "./ScreenBoundary";

// The server puts the company's name into <title>: the header has it before the configuration arrives.
const serverTitle = typeof document === "undefined" ? "" : document.title;

const NAV = [
  { to: "/", key: "home", icon: IconHome, end: true },
  { to: "/rewards", key: "rewards", icon: IconGift, end: false },
  { to: "/card", key: "card", icon: IconId, end: false },
  { to: "/more", key: "more", icon: IconDots, end: false },
] as const;

/** The frame of every screen: header with the program's name and logo, the screen, the navigation. */
export function Layout() {
  const { t } = useTranslation();
  const config = usePortalConfig();
  const session = useMemberSession();
  useLanguageSync(session.data, config.data);
  const online = useOnline();
  const location = useLocation();
  const name = config.data?.layout?.programName || config.data?.company?.name || serverTitle || slug;
  const logo = config.data?.layout?.logoUrl;
  const signedIn = Boolean(session.data);

  useEffect(() => {
    document.title = name;
  }, [name]);

  return (
    <div className="portal" data-signed-in={signedIn ? "1" : "0"}>
      <a className="portal-skip" href="#main">
        {t("shell.skipToContent")}
      </a>
      <header className="portal-header">
        <Link to="/" className="portal-brand">
          {logo ? <img src={logo} alt="" className="portal-logo" /> : null}
          <span className="portal-name">{name}</span>
        </Link>
        {signedIn ? <TopNav /> : null}
        <LanguageSwitch />
      </header>
      {online ? null : (
        <div className="portal-offline" role="status">
          {t("shell.offline")}
        </div>
      )}
      <main id="main" className="portal-main">
        <ScreenBoundary resetKey={location.pathname}>
          <Suspense fallback={<ScreenLoader />}>
            <Outlet />
          </Suspense>
        </ScreenBoundary>
      </main>
      {signedIn ? <BottomNav /> : null}
    </div>
  );
}

function NavItems({ className }: { className: string }): ReactNode {
  const { t } = useTranslation();
  return NAV.map(({ to, key, icon: Icon, end }) => (
    <NavLink key={key} to={to} end={end} className={className}>
      <Icon size={22} stroke={1.8} aria-hidden />
      <span>{t(`shell.nav.${key}`)}</span>
    </NavLink>
  ));
}

/** Desktop and tablets: the navigation in the header. */
function TopNav() {
  const { t } = useTranslation();
  return (
    <nav className="portal-topnav" aria-label={t("shell.navigation")}>
      <NavItems className="portal-topnav-link" />
    </nav>
  );
}

/** Phones: the navigation at the bottom, under the thumb. */
function BottomNav() {
  const { t } = useTranslation();
  return (
    <nav className="portal-bottomnav" aria-label={t("shell.navigation")}>
      <NavItems className="portal-bottomnav-link" />
    </nav>
  );
}

export function LanguageSwitch({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const choose = useChooseLanguage();
  return (
    <SegmentedControl
      className={className}
      size="xs"
      aria-label={t("shell.language")}
      value={i18n.language === "en" ? "en" : currentLanguage()}
      onChange={(value) => void choose(value as Language)}
      data={[
        {
          value: "pl",
          label: (
            <span lang="pl" title={t("shell.languages.pl")}>
              PL
            </span>
          ),
        },
        {
          value: "en",
          label: (
            <span lang="en" title={t("shell.languages.en")}>
              EN
            </span>
          ),
        },
      ]}
    />
  );
}

export function ScreenLoader() {
  const { t } = useTranslation();
  return (
    <div className="portal-loader">
      <Loader size="md" aria-label={t("shell.loading")} />
    </div>
  );
}
