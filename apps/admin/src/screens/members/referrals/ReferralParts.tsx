import { Anchor, Badge, Button, Group, Stack, Text } from "@mantine/core";
import { IconCheck, IconFlag, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useCan } from "../../../api/session";
import { confirmAction } from "../../../components/confirm";
import { formatDate, memberName } from "../../../format";
import { type Referral, type ReferralPerson, useReviewReferral } from "./referral-api";

const STATUS_COLOR = { registered: "blue", successful: "teal", rewarded: "green" } as const;

/** The member's name as a link to the card, the card number under it. */
export function PersonCell({ person }: { person: ReferralPerson }) {
  return (
    <>
      <Anchor component={Link} to={`/members/${person.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
        {memberName(person)}
      </Anchor>
      <Text size="xs" ff="monospace" c="gray.7">
        {person.cardNumber}
      </Text>
    </>
  );
}

/** Where the referral stands (registered / successful / rewarded) and since when; a flag when staff must look. */
export function ReferralStatusCell({ referral: r }: { referral: Referral }) {
  const { t } = useTranslation();
  const since = r.status === "rewarded" ? r.rewardedAt : r.status === "successful" ? r.successfulAt : r.registeredAt;
  return (
    <Stack gap={4} align="flex-start">
      <Group gap={6} wrap="wrap">
        <Badge color={STATUS_COLOR[r.status]} variant="light" data-testid="referral-status">
          {t(`referrals.statuses.${r.status}`)}
        </Badge>
        <ReviewBadge referral={r} />
      </Group>
      {r.review === "flagged" && r.flagReason && <Text size="xs">{t(`referrals.flagReasons.${r.flagReason}`)}</Text>}
      <Text size="xs" c="gray.7" className="nowrap">
        {t("referrals.since", { date: formatDate(since) })}
      </Text>
    </Stack>
  );
}

/** Nothing for an ordinary referral; "flagged for review", or the decision staff took. */
export function ReviewBadge({ referral: r }: { referral: Pick<Referral, "review"> }) {
  const { t } = useTranslation();
  if (r.review === "none") return null;
  if (r.review === "flagged")
    return (
      <Badge color="orange" variant="filled" leftSection={<IconFlag size={12} />} data-testid="referral-flagged">
        {t("referrals.flagged")}
      </Badge>
    );
  return (
    <Badge color={r.review === "approved" ? "gray" : "red"} variant="outline">
      {t(`referrals.reviews.${r.review}`)}
    </Badge>
  );
}

/** Approve / Reject for a flagged referral (members.write); each asks first and says what follows. */
export function ReviewButtons({ referral: r }: { referral: Referral }) {
  const { t } = useTranslation();
  const canWrite = useCan("members.write");
  const review = useReviewReferral();
  if (!canWrite || r.review !== "flagged") return null;
  const names = { friend: memberName(r.friend), referrer: memberName(r.referrer) };
  const approve = () =>
    confirmAction(t, {
      title: t("referrals.review.approveTitle", names),
      message: t("referrals.review.approveMessage", names),
      confirmLabel: t("referrals.review.approve"),
      danger: false,
      onConfirm: () => review.mutate({ referral: r, decision: "approve" }),
    });
  const reject = () =>
    confirmAction(t, {
      title: t("referrals.review.rejectTitle", names),
      message: t("referrals.review.rejectMessage", names),
      confirmLabel: t("referrals.review.reject"),
      onConfirm: () => review.mutate({ referral: r, decision: "reject" }),
    });
  return (
    <>
      <Button
        size="xs"
        variant="light"
        color="green"
        leftSection={<IconCheck size={16} />}
        onClick={approve}
        loading={review.isPending && review.variables?.decision === "approve"}
        aria-label={t("referrals.review.approveLabel", names)}
      >
        {t("referrals.review.approve")}
      </Button>
      <Button
        size="xs"
        variant="light"
        color="red"
        leftSection={<IconX size={16} />}
        onClick={reject}
        loading={review.isPending && review.variables?.decision === "reject"}
        aria-label={t("referrals.review.rejectLabel", names)}
      >
        {t("referrals.review.reject")}
      </Button>
    </>
  );
}
