import type { Config } from "../../config.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError } from "../../platform/errors.js";
import { sql } from "../../platform/sql.js";
import type { WorkerTask } from "../../platform/worker.js";
import { getCompany } from "../companies/companies.service.js";
import { getMemberForUpdate, type LockedMember } from "../members/members.service.js";
import { markReferralRewarded } from "../referrals/referral-progress.js";
import { type ActionContext, automationActor, performAction, programOf, type StepResult } from "./actions.js";
import type { Action } from "./automation.schemas.js";
import { type RunRow, recentRunCount } from "./runs.service.js";
import { loadScenarioAnyStatus, type ScenarioRow } from "./scenario-rows.js";
import { callWebhook, type WebhookOutcome } from "./webhook-call.js";

/** Retries of a run whose action failed unexpectedly (a bug, a lost connection): then it is failed. */
const RETRY_MINUTES = [1, 5, 15, 60];
const MAX_ATTEMPTS = RETRY_MINUTES.length + 1;

const UNITS_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

interface StepRecord {
  index: number;
  type: Action["type"];
  outcome: "done" | "skipped" | "failed";
  detail: string;
  data: Record<string, unknown>;
  at: Date;
}

/**
 * Runs due now, oldest first (a run to start, or one whose wait is over), and whether their
 * scenario calls a webhook. Only ids: each run is then taken in a transaction of its own (`for
 * update skip locked`), so several workers share them.
 */
async function dueRunIds(db: Db, now: Date, limit: number): Promise<{ company_id: string; id: string; calls_webhook: boolean }[]> {
  return db.query(
    sql`select r.company_id, r.id, exists (select 1 from jsonb_array_elements(r.actions) a where a ->> 'type' = 'call_webhook') as calls_webhook
          from automation_runs r
         where r.status in ('pending', 'waiting') and r.due_at <= ${now}
         order by r.due_at limit ${limit}`,
  );
}

/**
 * One run, as far as it goes now: each action in the run's transaction with the member locked
 * (the lock every purchase takes first), so an action and the run's progress commit together and
 * an action never happens twice. A webhook is called before that transaction (no lock is held
 * during a network call) and recorded in it; a crash in between calls it again with the same
 * `webhook-id`. Returns true when the run has more to do right away (a webhook next).
 */
export async function executeRun(opts: {
  db: Db;
  config: Config;
  companyId: string;
  runId: string;
  now: Date;
  /** false: no webhook to call first (saves the look) */
  callsWebhook?: boolean;
  /** how long the member's row stayed locked (the benchmark's figure) */
  onLockHeld?: (ms: number) => void;
}): Promise<boolean> {
  const { db, config, companyId, runId, now } = opts;
  const webhook = opts.callsWebhook === false ? null : await webhookBeforeTransaction(db, config, companyId, runId, now);
  let lockedAt: number | null = null;
  try {
    const more = await db.transaction((tx) =>
      advanceRun(tx, {
        config,
        companyId,
        runId,
        now,
        webhook,
        onLocked: () => {
          lockedAt = performance.now();
        },
      }),
    );
    if (lockedAt !== null) opts.onLockHeld?.(performance.now() - lockedAt);
    return more;
  } catch (err) {
    await recordFailure(db, companyId, runId, err, now);
    return false;
  }
}

/** When the run's next action is a webhook: its call, outside any transaction. */
async function webhookBeforeTransaction(db: Db, config: Config, companyId: string, runId: string, now: Date) {
  const [row] = await db.query<{
    next_action_index: number;
    actions: Action[];
    status: string;
    due_at: Date | null;
    member_id: string;
    scenario_id: string;
    trigger_type: string;
    trigger_data: unknown;
  }>(
    sql`select r.next_action_index, r.actions, r.status, r.due_at, r.member_id, r.scenario_id, r.trigger_type, r.trigger_data
          from automation_runs r where r.company_id = ${companyId} and r.id = ${runId}`,
  );
  if (!row || row.status === "pending") return null;
  const action = row.actions[row.next_action_index];
  if (action?.type !== "call_webhook" || (row.due_at && row.due_at > now)) return null;
  const outcome = await callWebhook({
    config,
    url: action.url,
    id: `${runId}:${row.next_action_index}`,
    body: {
      type: "automation.webhook",
      companyId,
      scenarioId: row.scenario_id,
      runId,
      memberId: row.member_id,
      trigger: { type: row.trigger_type, data: row.trigger_data },
    },
    now,
  });
  return { index: row.next_action_index, outcome };
}

async function advanceRun(
  tx: Queryable,
  o: {
    config: Config;
    companyId: string;
    runId: string;
    now: Date;
    webhook: { index: number; outcome: WebhookOutcome } | null;
    onLocked?: () => void;
  },
): Promise<boolean> {
  const { companyId, now } = o;
  const [run] = await tx.query<RunRow>(
    sql`select * from automation_runs where company_id = ${companyId} and id = ${o.runId}
          and status in ('pending', 'waiting') and due_at <= ${now} for update skip locked`,
  );
  if (!run) return false;
  const scenario = await loadScenarioAnyStatus(tx, companyId, run.scenario_id);
  const stop = whyNot(run, scenario);
  if (stop || !scenario) {
    await skip(tx, run, stop ?? "scenario_archived", now);
    return false;
  }
  // What the actions read but need no lock for, before the member's lock: the lock every purchase
  // of the member waits for is held only for the writes.
  const programId = typeof run.trigger_data.programId === "string" ? run.trigger_data.programId : null;
  const program = await programOf(tx, companyId, scenario, programId, now);
  const { timeZone } = await getCompany(tx, companyId);
  let member: LockedMember;
  try {
    member = await getMemberForUpdate(tx, companyId, run.member_id);
    o.onLocked?.();
  } catch (err) {
    if (err instanceof AppError) {
      await skip(tx, run, "member_erased", now);
      return false;
    }
    throw err;
  }
  if (member.status !== "active") {
    await skip(tx, run, "member_inactive", now);
    return false;
  }
  if (run.status === "pending" && scenario.frequency_runs && scenario.frequency_days) {
    const recent = await recentRunCount(tx, companyId, scenario.id, member.id, scenario.frequency_days, now, run.id);
    if (recent >= scenario.frequency_runs) {
      await skip(tx, run, "frequency_limit", now);
      return false;
    }
  }
  const actor = automationActor(companyId, scenario);
  const steps: StepRecord[] = [];
  const totals = { points: 0, messages: 0, rewards: 0 };
  const runContext = { ...(run.context as Record<string, string>) };
  let index = run.next_action_index;
  for (; index < run.actions.length; index++) {
    const action = run.actions[index] as Action;
    if (action.type === "wait") {
      const dueAt = new Date(now.getTime() + action.amount * UNITS_MS[action.unit]);
      steps.push({ index, type: action.type, outcome: "done", detail: "waiting", data: { until: dueAt.toISOString() }, at: now });
      await save(tx, run, { status: "waiting", nextIndex: index + 1, dueAt, steps, totals, runContext, now });
      return false;
    }
    if (action.type === "call_webhook") {
      if (o.webhook?.index !== index) {
        // called before the next transaction, outside of it
        await save(tx, run, { status: "waiting", nextIndex: index, dueAt: now, steps, totals, runContext, now });
        return true;
      }
      const w = o.webhook.outcome;
      steps.push({
        index,
        type: action.type,
        outcome: w.ok ? "done" : "skipped",
        detail: w.ok ? "webhook_delivered" : "webhook_refused",
        data: w.data,
        at: now,
      });
      continue;
    }
    const result = await actionInSavepoint(tx, action, {
      tx,
      config: o.config,
      actor,
      scenario,
      member,
      runId: run.id,
      index,
      program,
      timeZone,
      runContext,
      trigger: { type: run.trigger_type, data: run.trigger_data },
      now,
    });
    steps.push({ index, type: action.type, outcome: result.outcome, detail: result.detail, data: result.data, at: now });
    totals.points += result.points ?? 0;
    totals.messages += result.messages ?? 0;
    totals.rewards += result.rewards ?? 0;
    Object.assign(runContext, result.context ?? {});
  }
  await rewardReferral(tx, run, totals.points, now);
  await save(tx, run, { status: "completed", nextIndex: index, dueAt: null, steps, totals, runContext, now });
  return false;
}

/** A refusal explained by the member's or the program's state is a skipped step; the action's writes are undone. */
async function actionInSavepoint(tx: Queryable, action: Action, c: ActionContext): Promise<StepResult> {
  await tx.query(sql`savepoint automation_action`);
  try {
    const result = await performAction(action, c);
    await tx.query(sql`release savepoint automation_action`);
    return result;
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    await tx.query(sql`rollback to savepoint automation_action`);
    const code = err.code === "validation_failed" || err.code === "not_found" ? (err.details[0]?.code ?? err.code) : err.code;
    return { outcome: "skipped", detail: code, data: { message: err.message } };
  }
}

/** Why a run does not go on at all, if it does not. */
function whyNot(run: RunRow, scenario: ScenarioRow | null): string | null {
  if (!scenario || scenario.status === "archived") return "scenario_archived";
  if (scenario.status === "paused") return "scenario_paused";
  if (run.status === "pending") {
    if (scenario.active_from && run.created_at < scenario.active_from) return "outside_active_window";
    if (scenario.active_until && run.created_at >= scenario.active_until) return "outside_active_window";
  }
  return null;
}

/** A referral's reward paid to the referrer counts on the referral (status "rewarded", points paid). */
async function rewardReferral(tx: Queryable, run: RunRow, points: number, now: Date): Promise<void> {
  const friendId = run.trigger_data.friendId;
  if (points <= 0 || typeof friendId !== "string") return;
  if (run.trigger_type !== "referral_registered" && run.trigger_type !== "referral_successful") return;
  await markReferralRewarded(tx, { companyId: run.company_id, friendId, points, at: now });
}

async function save(
  tx: Queryable,
  run: RunRow,
  s: {
    status: "waiting" | "completed";
    nextIndex: number;
    dueAt: Date | null;
    steps: StepRecord[];
    totals: { points: number; messages: number; rewards: number };
    runContext: Record<string, string>;
    now: Date;
  },
): Promise<void> {
  await tx.query(
    sql`update automation_runs
           set status = ${s.status}, next_action_index = ${s.nextIndex}, due_at = ${s.dueAt}, steps = steps || ${JSON.stringify(s.steps)}::jsonb,
               context = ${JSON.stringify(s.runContext)}::jsonb, points_given = points_given + ${s.totals.points},
               messages_queued = messages_queued + ${s.totals.messages}, rewards_issued = rewards_issued + ${s.totals.rewards},
               attempts = 0, last_error = null, finished_at = ${s.status === "completed" ? s.now : null}
         where company_id = ${run.company_id} and id = ${run.id}`,
  );
}

/** The run ends without (further) actions, with the reason why. */
async function skip(tx: Queryable, run: RunRow, reason: string, now: Date) {
  await tx.query(
    sql`update automation_runs set status = 'skipped', reason = ${reason}, due_at = null, finished_at = ${now}
         where company_id = ${run.company_id} and id = ${run.id}`,
  );
}

/** An unexpected error: nothing of the attempt stays; the run is tried again later, then failed. */
async function recordFailure(db: Db, companyId: string, runId: string, err: unknown, now: Date): Promise<void> {
  const message = err instanceof Error ? err.message.slice(0, 500) : String(err).slice(0, 500);
  await db.query(
    sql`update automation_runs
           set attempts = attempts + 1, last_error = ${message},
               status = case when attempts + 1 >= ${MAX_ATTEMPTS} then 'failed' else status end,
               reason = case when attempts + 1 >= ${MAX_ATTEMPTS} then 'failed_after_retries' else reason end,
               finished_at = case when attempts + 1 >= ${MAX_ATTEMPTS} then ${now}::timestamptz else null end,
               due_at = case when attempts + 1 >= ${MAX_ATTEMPTS} then null
                             else ${now}::timestamptz + make_interval(mins => (${RETRY_MINUTES}::int[])[least(attempts + 1, ${RETRY_MINUTES.length})]) end
         where company_id = ${companyId} and id = ${runId} and status in ('pending', 'waiting')`,
  );
}

/** Runs executed at once: each is its own short transaction on its own connection (PostgreSQL's pool). */
const CONCURRENCY = 4;

/**
 * Due runs, oldest first, up to `limit`, a few at once; each as far as it goes now (a webhook
 * next: its call, then the rest). `onLockHeld` hears how long each held its member's lock.
 * Returns how many were taken.
 */
export async function executeDueRuns(opts: {
  db: Db;
  config: Config;
  now: Date;
  limit: number;
  onLockHeld?: (ms: number) => void;
}): Promise<number> {
  let done = 0;
  while (done < opts.limit) {
    const due = await dueRunIds(opts.db, opts.now, Math.min(200, opts.limit - done));
    if (due.length === 0) break;
    let next = 0;
    const lane = async () => {
      for (let r = due[next++]; r; r = due[next++]) {
        const run = {
          db: opts.db,
          config: opts.config,
          companyId: r.company_id,
          runId: r.id,
          now: opts.now,
          callsWebhook: r.calls_webhook,
          onLockHeld: opts.onLockHeld,
        };
        for (let more = true, guard = 0; more && guard < 25; guard++) more = await executeRun(run);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    done += due.length;
  }
  return done;
}

/** The worker's task: due runs, a bounded number per pass (the rest wait for the next pass). */
export function automationRunsTask(config: Config, opts: { perPass?: number } = {}): WorkerTask {
  return {
    name: "automation-runs",
    run: (now, { db }) => executeDueRuns({ db, config, now, limit: opts.perPass ?? 500 }),
  };
}
