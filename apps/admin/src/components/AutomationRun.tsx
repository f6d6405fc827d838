import { Anchor, Badge, Drawer, Group, SimpleGrid, Stack, Text, Timeline } from "@mantine/core";
import { IconCheck, IconPlayerSkipForward, IconX } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  type AutomationRun,
  MESSAGE_SKIPS,
  RUN_REASONS,
  type RunStatus,
  type RunStep,
  STEP_DETAILS,
  type StepOutcome,
} from "../api/automation";
import { formatDateTime, formatMoney, formatNumber, formatPoints, locale, memberName } from "../format";

// A run of an automation scenario in words: its status, why it stopped, and each step's outcome.
// Shared by the scenario's run log and a member's card.

export type CountedUnit = "points" | "days" | "daysWithin" | "hours" | "minutes" | "years" | "times";

/**
 * "20 points", "2 dni", "5 punktów": a number with its noun in the right form. Polish needs three
 * forms (1 punkt, 2 punkty, 5 punktów), so each unit has one/few/many in both languages.
 */
export function counted(t: TFunction, unit: CountedUnit, n: number): string {
  const category = new Intl.PluralRules(locale()).select(n);
  const form = category === "one" ? "one" : category === "few" ? "few" : "many";
  return t(`automation.units.${unit}.${form}`, { n: formatNumber(n) });
}

const RUN_COLORS: Record<RunStatus, string> = {
  pending: "blue",
  waiting: "cyan",
  completed: "green",
  skipped: "gray",
  failed: "red",
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={RUN_COLORS[status]} variant="light" data-testid="run-status">
      {t(`automation.runs.statuses.${status}`)}
    </Badge>
  );
}

/** Why a run was skipped or failed, in words (a code newer than this admin as it is). */
export function runReasonText(t: TFunction, reason: string | null): string {
  if (!reason) return "";
  return (RUN_REASONS as readonly string[]).includes(reason)
    ? t(`automation.runs.reasons.${reason as (typeof RUN_REASONS)[number]}`)
    : reason;
}

const text = (v: unknown): string => (typeof v === "string" || typeof v === "number" ? String(v) : "");

/** What a step did or why not, e.g. "20 points added", "Not sent: no consent". */
export function stepDetailText(t: TFunction, step: RunStep): string {
  const d = step.data ?? {};
  const code = step.detail;
  // A refusal by another module (its error code) reads as that module's message.
  if (!(STEP_DETAILS as readonly string[]).includes(code))
    return t(`serverErrors.${code}` as "serverErrors.not_found", { defaultValue: code });
  switch (code as (typeof STEP_DETAILS)[number]) {
    case "points_added":
    case "points_deducted":
      return t(`automation.steps.details.${code as "points_added"}`, {
        points: typeof d.points === "number" ? counted(t, "points", Math.abs(d.points)) : "",
      });
    case "message_not_queued": {
      const why = text(d.status);
      return t("automation.steps.details.message_not_queued", {
        why: (MESSAGE_SKIPS as readonly string[]).includes(why) ? t(`automation.steps.messageSkips.${why as "no_consent"}`) : why || "—",
      });
    }
    case "tag_added":
    case "tag_removed":
    case "tag_absent":
    case "tag_present":
      return t(`automation.steps.details.${code as "tag_added"}`, { tag: text(d.tag) || "—" });
    case "waiting": {
      const until = text(d.dueAt) || text(d.until);
      return until ? t("automation.steps.details.waitingUntil", { when: formatDateTime(until) }) : t("automation.steps.details.waiting");
    }
    default:
      return t(`automation.steps.details.${code as "error"}`);
  }
}

const OUTCOME: Record<StepOutcome, { color: string; icon: typeof IconCheck }> = {
  done: { color: "green", icon: IconCheck },
  skipped: { color: "gray", icon: IconPlayerSkipForward },
  failed: { color: "red", icon: IconX },
};

/** The steps of a run, one line each: what the action was and what it did. */
export function RunSteps({ run }: { run: AutomationRun }) {
  const { t } = useTranslation();
  if (run.steps.length === 0)
    return (
      <Text size="sm" c="gray.7">
        {t("automation.runs.noSteps")}
      </Text>
    );
  return (
    <Timeline bulletSize={24} lineWidth={2} data-testid="run-steps">
      {run.steps.map((step) => {
        const o = OUTCOME[step.outcome];
        return (
          <Timeline.Item
            key={`${step.index}-${step.at}`}
            color={o.color}
            bullet={<o.icon size={14} aria-hidden />}
            title={
              <Group gap="xs" wrap="wrap">
                <Text fw={600} size="sm">
                  {t("automation.runs.stepTitle", { n: step.index + 1, action: t(`automation.actions.${step.type}`) })}
                </Text>
                <Badge size="sm" variant="light" color={o.color}>
                  {t(`automation.steps.outcomes.${step.outcome}`)}
                </Badge>
              </Group>
            }
          >
            <Text size="sm" data-testid="step-detail">
              {stepDetailText(t, step)}
            </Text>
            <Text size="xs" c="gray.7">
              {formatDateTime(step.at)}
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}

/** What fired the run, as far as its data says (a purchase's amount, points, a friend). */
function triggerDetails(t: TFunction, run: AutomationRun): string {
  const d = run.trigger.data ?? {};
  const parts = [t(`automation.triggers.${run.trigger.type}`)];
  if (typeof d.amountMinor === "number" && d.amountMinor > 0) parts.push(formatMoney(d.amountMinor, text(d.currency) || "PLN"));
  if (typeof d.points === "number" && d.points !== 0) parts.push(counted(t, "points", d.points));
  return parts.join(" · ");
}

function Line({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.7" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: "anywhere" }}>
        {children || "—"}
      </Text>
    </div>
  );
}

/** One run in a drawer: who, what fired it, its status and reason, and its steps. */
export function RunDrawer({ run, onClose, showScenario }: { run: AutomationRun | null; onClose: () => void; showScenario?: boolean }) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={!!run}
      onClose={onClose}
      position="right"
      size="md"
      title={
        <Text fw={700} size="lg" component="h2">
          {t("automation.runs.drawerTitle")}
        </Text>
      }
    >
      {run && (
        <Stack data-testid="run-drawer">
          <SimpleGrid cols={2} spacing="sm">
            <Line label={t("automation.runs.member")}>
              <Anchor component={Link} to={`/members/${run.member.id}`} c="indigo.9">
                {memberName(run.member)}
              </Anchor>
            </Line>
            <Line label={t("automation.runs.status")}>
              <RunStatusBadge status={run.status} />
            </Line>
            {showScenario && <Line label={t("automation.runs.scenario")}>{run.scenarioName}</Line>}
            <Line label={t("automation.runs.trigger")}>{triggerDetails(t, run)}</Line>
            <Line label={t("automation.runs.started")}>{formatDateTime(run.createdAt)}</Line>
            <Line label={run.status === "waiting" ? t("automation.runs.continues") : t("automation.runs.finished")}>
              {run.status === "waiting" ? formatDateTime(run.dueAt) : run.finishedAt ? formatDateTime(run.finishedAt) : null}
            </Line>
            {run.reason && <Line label={t("automation.runs.reason")}>{runReasonText(t, run.reason)}</Line>}
            <Line label={t("automation.runs.pointsGiven")}>{formatPoints(run.pointsGiven, true)}</Line>
          </SimpleGrid>
          <Text fw={700}>{t("automation.runs.steps")}</Text>
          <RunSteps run={run} />
        </Stack>
      )}
    </Drawer>
  );
}
