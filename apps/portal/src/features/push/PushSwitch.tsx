import { Alert, Anchor, Paper, Stack, Switch, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type PushFailure, type PushState, pushState, turnPushOff, turnPushOn } from "./push-device";

/**
 * "Notifications on this device": asks the browser's permission, subscribes through the service
 * worker and registers the device; off unsubscribes. Needs the push notifications consent (the
 * profile's consents), which the server checks.
 */
export function PushSwitch() {
  const { t } = useTranslation();
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<PushFailure | null>(null);

  useEffect(() => {
    let live = true;
    void pushState().then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, []);

  if (state === null) return null;
  const toggle = async (on: boolean) => {
    setBusy(true);
    setFailure(null);
    try {
      if (on) {
        const failed = await turnPushOn();
        setFailure(failed);
      } else await turnPushOff();
    } catch {
      setFailure("failed");
    } finally {
      setState(await pushState());
      setBusy(false);
    }
  };
  const reason = failure ?? (state === "denied" ? "denied" : state === "unsupported" ? "unsupported" : null);

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="xs">
        <Switch
          size="md"
          label={t("push.label")}
          description={t("push.description")}
          checked={state === "on"}
          disabled={busy || state === "unsupported" || state === "denied"}
          onChange={(e) => void toggle(e.currentTarget.checked)}
          data-testid="push-switch"
        />
        {reason === "consent" ? (
          <Alert color="yellow" role="alert">
            <Text size="sm">
              {t("push.needsConsent")}{" "}
              <Anchor component={Link} to="/profile">
                {t("push.toProfile")}
              </Anchor>
            </Text>
          </Alert>
        ) : reason ? (
          <Text size="sm" c={reason === "failed" ? "red.9" : "gray.8"} role={reason === "failed" ? "alert" : undefined}>
            {t(`push.${reason}`)}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
