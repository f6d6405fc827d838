import { Alert, Button, Group, Modal, Radio, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../api/client";
import { formatPoints } from "../../format";
import { newAttemptKey, type PortalReward, type Redemption, useRedeem } from "./api";
import { reasonText } from "./reasons";
import { VoucherCode } from "./VoucherCode";

/**
 * A reward's details and its redemption: confirm, then the code (electronic) or where to pick it
 * up. The dialog is one attempt with one Idempotency-Key: pressing "redeem" again after a lost
 * answer sends the same key, so the points are spent once; opening the dialog again is a new attempt.
 */
export function RedeemDialog({ reward, available, onClose }: { reward: PortalReward; available: number; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [attemptKey] = useState(newAttemptKey);
  const [locationId, setLocationId] = useState<string | null>(reward.locations.length === 1 ? (reward.locations[0]?.id ?? null) : null);
  const [done, setDone] = useState<Redemption | null>(null);
  const redeem = useRedeem();
  const en = i18n.language === "en";
  const name = en ? reward.nameEn : reward.namePl;
  const description = en ? reward.descriptionEn : reward.descriptionPl;

  const submit = () =>
    redeem.mutate({ rewardId: reward.rewardId, locationId, idempotencyKey: attemptKey }, { onSuccess: (r) => setDone(r.redemption) });

  return (
    <Modal opened onClose={onClose} title={done ? t("rewards.done.title") : name} centered size="md">
      {done ? (
        <Done redemption={done} onClose={onClose} />
      ) : (
        <Stack gap="sm">
          {description ? <Text size="sm">{description}</Text> : null}
          <Text fw={700}>{formatPoints(reward.pointsPrice)}</Text>
          {reward.reasons.map((x) => (
            <Text key={x.code} size="sm" c="red.9">
              {reasonText(t, x)}
            </Text>
          ))}
          {reward.available ? (
            <>
              <Text size="sm" c="dimmed">
                {reward.fulfilment === "pickup" && reward.kind !== "voucher" ? t("rewards.pickupHint") : t("rewards.electronicHint")}
              </Text>
              {reward.needsLocation ? (
                <Radio.Group label={t("rewards.confirm.choose")} value={locationId} onChange={setLocationId} required>
                  <Stack gap={6} mt={6}>
                    {reward.locations.map((l) => (
                      <Radio key={l.id} value={l.id} label={l.name} />
                    ))}
                  </Stack>
                </Radio.Group>
              ) : null}
              <Text size="sm">
                {t("rewards.confirm.body", {
                  reward: name,
                  points: formatPoints(reward.pointsPrice),
                  left: formatPoints(Math.max(0, available - reward.pointsPrice)),
                })}
              </Text>
              {redeem.isError ? (
                <Alert color="red" role="alert">
                  {errorText(t, redeem.error)}
                </Alert>
              ) : null}
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={onClose}>
                  {t("rewards.confirm.cancel")}
                </Button>
                <Button onClick={submit} loading={redeem.isPending} disabled={reward.needsLocation && !locationId}>
                  {t("rewards.confirm.yes")}
                </Button>
              </Group>
            </>
          ) : null}
        </Stack>
      )}
    </Modal>
  );
}

function errorText(t: (k: string) => string, err: unknown): string {
  if (!(err instanceof ApiError)) return t("rewards.errors.network");
  if (["insufficient_points", "out_of_stock", "reward_unavailable"].includes(err.code)) return t(`rewards.errors.${err.code}`);
  return err.details[0]?.message ?? t("rewards.errors.other");
}

function Done({ redemption: r, onClose }: { redemption: Redemption; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      {r.codes.length > 0 ? (
        <>
          <Text fw={600}>{t("rewards.done.code")}</Text>
          {r.codes.map((c) => (
            <VoucherCode key={c.code} code={c.code} expiresAt={c.expiresAt} />
          ))}
        </>
      ) : (
        <Text>{r.locationName ? t("rewards.done.pickup", { place: r.locationName }) : t("rewards.done.pickupAnywhere")}</Text>
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose}>
          {t("rewards.done.close")}
        </Button>
        <Button component={Link} to="/rewards/mine" onClick={onClose}>
          {t("rewards.done.mine")}
        </Button>
      </Group>
    </Stack>
  );
}
