import { Alert, Button, NavLink as MantineNavLink, Paper, Stack, Text, Title } from "@mantine/core";
import { IconChevronRight, IconDeviceMobileDown, IconFileText, IconGift, IconInfoCircle, IconLogout, IconUser } from "@tabler/icons-react";
import { type ComponentType, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { usePortalConfig } from "../../api/config";
import { useSignOut } from "../../api/session";
import { isIos, isStandalone, useInstallPrompt } from "../../shell/install";
import { LanguageSwitch } from "../../shell/Layout";
import { PushSwitch } from "../push/PushSwitch";

interface Entry {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number; "aria-hidden"?: boolean }>;
}

/** The member's menu: the program, referrals, profile, the company's pages, language, install, sign out. */
export function MoreScreen() {
  const { t } = useTranslation();
  const config = usePortalConfig();
  const pages = config.data?.pages ?? [];
  const entries: Entry[] = [
    { to: "/program", label: t("more.program"), icon: IconInfoCircle },
    { to: "/refer", label: t("more.refer"), icon: IconGift },
    { to: "/profile", label: t("more.profile"), icon: IconUser },
    ...pages.map((p) => ({ to: `/pages/${encodeURIComponent(p.id)}`, label: p.title, icon: IconFileText })),
  ];
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t("more.title")}
      </Title>
      <Paper withBorder radius="md">
        {entries.map((e) => (
          <MantineNavLink
            key={e.to}
            component={Link}
            to={e.to}
            label={e.label}
            leftSection={<e.icon size={20} aria-hidden />}
            rightSection={<IconChevronRight size={16} aria-hidden />}
            py="md"
          />
        ))}
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Stack gap="xs">
          <Text fw={600}>{t("more.language")}</Text>
          <LanguageSwitch />
        </Stack>
      </Paper>
      <PushSwitch />
      <InstallApp />
      <SignOut />
    </Stack>
  );
}

function SignOut() {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<"here" | "everywhere" | null>(null);
  const [failed, setFailed] = useState(false);
  const run = async (where: "here" | "everywhere") => {
    setBusy(where);
    setFailed(false);
    try {
      await (where === "here" ? signOut.end() : signOut.endEverywhere());
      signOut.forget();
      navigate("/sign-in", { replace: true });
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Stack gap="xs">
      <Button
        variant="default"
        size="md"
        loading={busy === "here"}
        leftSection={<IconLogout size={18} aria-hidden />}
        onClick={() => void run("here")}
      >
        {t("more.signOut")}
      </Button>
      <Button variant="subtle" size="md" loading={busy === "everywhere"} onClick={() => void run("everywhere")}>
        {t("more.signOutEverywhere")}
      </Button>
      {failed ? (
        <Text c="red.9" size="sm" role="alert">
          {t("shell.error.body")}
        </Text>
      ) : null}
    </Stack>
  );
}

/** "Install the app" when the browser offers it; on iPhones the Add to Home Screen hint. */
function InstallApp() {
  const { t } = useTranslation();
  const prompt = useInstallPrompt();
  if (isStandalone()) return null;
  if (prompt.canInstall) {
    return (
      <Button size="md" leftSection={<IconDeviceMobileDown size={18} aria-hidden />} onClick={() => void prompt.install()}>
        {t("more.install")}
      </Button>
    );
  }
  if (isIos()) {
    return (
      <Alert icon={<IconDeviceMobileDown size={18} aria-hidden />} title={t("more.install")}>
        {t("more.installIos")}
      </Alert>
    );
  }
  return null;
}
