import { Center, Loader } from "@mantine/core";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes, useMatch } from "react-router";
import { activeMembership, permissionsOf, useSession, useSetupStatus } from "./api/session";
import { AppLayout } from "./components/AppLayout";
import { ErrorState } from "./components/ErrorState";
import { applyLanguage } from "./i18n";
import { HOME, NAVIGATION, visibleNavigation } from "./navigation";
import { AcceptInvitationScreen } from "./screens/auth/AcceptInvitationScreen";
import { ForcedPasswordChangeScreen } from "./screens/auth/ForcedPasswordChangeScreen";
import { LoginScreen } from "./screens/auth/LoginScreen";
import { SetupScreen } from "./screens/auth/SetupScreen";
import { StartScreen } from "./screens/start/StartScreen";
import { ForbiddenScreen, NotFoundScreen } from "./screens/system/NotFoundScreen";

export function App() {
  const { t } = useTranslation();
  // An invitation link opens its own public page, whoever is (or is not) signed in.
  const invitation = useMatch("/invite/:token")?.params.token;
  const setup = useSetupStatus();
  const session = useSession();
  const staffLanguage = session.data?.staff.language;

  // After sign-in the account's language wins over the one chosen on the sign-in screen.
  useEffect(() => {
    if (staffLanguage) void applyLanguage(staffLanguage);
  }, [staffLanguage]);

  if (invitation) return <AcceptInvitationScreen token={invitation} />;
  if (setup.isPending || (!setup.data?.needsSetup && session.isPending)) {
    return (
      <Center h="100vh">
        <Loader aria-label={t("common.loading")} />
      </Center>
    );
  }
  if (setup.isError) return <ErrorState error={setup.error} onRetry={() => void setup.refetch()} />;
  if (setup.data.needsSetup) return <SetupScreen />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) return <LoginScreen />;
  if (session.data.mustChangePassword) return <ForcedPasswordChangeScreen />;

  const permissions = permissionsOf(session.data);
  return (
    <Routes>
      <Route element={<AppLayout areas={visibleNavigation(permissions)} home={HOME} />}>
        {/* The counter's staff open the panel at the counter (the server says who they are). */}
        <Route index element={activeMembership(session.data)?.worksAtCounter ? <Navigate to="/counter" replace /> : <StartScreen />} />
        {NAVIGATION.flatMap((area) =>
          area.items.flatMap((item) =>
            [{ path: item.path, screen: item.screen }, ...(item.routes ?? [])].map((route) => (
              <Route
                key={route.path}
                path={route.path}
                element={!item.permission || permissions.has(item.permission) ? <route.screen /> : <ForbiddenScreen />}
              />
            )),
          ),
        )}
        <Route path="*" element={<NotFoundScreen />} />
      </Route>
    </Routes>
  );
}
