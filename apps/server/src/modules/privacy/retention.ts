import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { runBudgetedChunks } from "../../platform/chunked-job.js";
import type { Db } from "../../platform/db.js";
import { type ConsumerInterest, purgeConsumedEvents } from "../../platform/event-retention.js";
import { purgeExpiredSessions } from "../auth/auth.service.js";
import { allCompanyIds, companiesErasingInactiveMembers } from "../companies/companies.service.js";
import { ledgerActivitySinceSql } from "../ledger/member-ledger-privacy.js";
import { purgeMemberAuthRecords } from "../member-auth/throttle.js";
import { quietMemberIds } from "../members/member-privacy.js";
import { purgeOldDeliveries } from "../messaging/member-messages-privacy.js";
import { eraseMemberIn } from "./erase-member.js";

const DAY_MS = 86_400_000;
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** Deletes in chunks of the budgeted runner until a chunk comes back short; the rows deleted. */
async function purgeInChunks(db: Db, purge: (q: Parameters<typeof purgeConsumedEvents>[0], size: number) => Promise<number>) {
  let total = 0;
  await runBudgetedChunks<number>(db, {
    size: 500,
    max: 5000,
    run: async (q, size) => [await purge(q, size)],
    took: ([deleted = 0], _ms, size) => {
      total += deleted;
      return deleted >= size;
    },
  });
  return total;
}

export interface PurgeCounts {
  events: number;
  messages: number;
  sessions: number;
  loginAttempts: number;
}

/** One company's part of the purge: its handled events (with their consumption rows) and old message deliveries. */
export async function purgeCompanyData(
  db: Db,
  opts: { companyId: string; retention: Config["retention"]; consumers: readonly ConsumerInterest[]; now: Date },
): Promise<{ events: number; messages: number }> {
  const { companyId, retention, now } = opts;
  const eventsBefore = daysBefore(now, retention.eventsDays);
  const events = await purgeInChunks(db, (q, limit) =>
    purgeConsumedEvents(q, { companyId, before: eventsBefore, consumers: opts.consumers, limit }),
  );
  const messagesBefore = daysBefore(now, retention.messagesDays);
  const messages = await purgeInChunks(db, (q, limit) => purgeOldDeliveries(q, companyId, messagesBefore, limit));
  return { events, messages };
}

/**
 * The retention periods of the configuration (docs/privacy.md), company by company, in short
 * chunks: events every consumer has handled, finished message deliveries, then the installation's
 * expired sessions and old login attempts.
 */
export async function purgeRetainedData(
  db: Db,
  opts: { retention: Config["retention"]; consumers: readonly ConsumerInterest[]; now: Date },
): Promise<PurgeCounts> {
  const { retention, now } = opts;
  const counts: PurgeCounts = { events: 0, messages: 0, sessions: 0, loginAttempts: 0 };
  for (const companyId of await allCompanyIds(db)) {
    const company = await purgeCompanyData(db, { ...opts, companyId });
    counts.events += company.events;
    counts.messages += company.messages;
  }
  const auth = await purgeExpiredSessions(db, {
    now,
    sessionsDays: retention.sessionsDays,
    loginAttemptsDays: retention.loginAttemptsDays,
  });
  // The member portal's expired sessions, spent codes, stale sign-ups and attempts (e-mail addresses) go after the same period.
  const portal = await purgeMemberAuthRecords(db, { now, days: retention.loginAttemptsDays });
  return { ...counts, sessions: auth.sessions + portal.sessions, loginAttempts: auth.loginAttempts + portal.records };
}

/** The job erasing on a company's behalf; the audit log names it as the system. */
function retentionActor(companyId: string): Actor {
  return {
    type: "system",
    id: "retention",
    name: "Retention (inactive members)",
    companyId,
    permissions: new Set(),
    locationIds: null,
    ip: "",
    requestId: "job:privacy-erase-inactive",
  };
}

/** Members per statement that finds the next quiet members; each is then erased in a transaction of its own. */
const QUIET_BATCH = 50;

/**
 * The companies' own retention decision: members with no activity (no ledger entry of their own,
 * no change to the card) for the company's number of months are erased, one member per transaction.
 */
export async function eraseInactiveMembers(db: Db, now: Date): Promise<number> {
  let erased = 0;
  for (const { companyId, months } of await companiesErasingInactiveMembers(db)) {
    const cutoff = new Date(now);
    cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
    let afterId: string | null = null;
    for (;;) {
      const ids = await quietMemberIds(db, { companyId, cutoff, activeSince: ledgerActivitySinceSql, afterId, limit: QUIET_BATCH });
      for (const memberId of ids) {
        const result = await db.transaction((tx) =>
          eraseMemberIn(tx, retentionActor(companyId), { memberId, now, confirmCardNumber: null, reason: "inactive" }),
        );
        if (!result.alreadyErased) erased++;
      }
      if (ids.length < QUIET_BATCH) break;
      afterId = ids[ids.length - 1] as string;
    }
  }
  return erased;
}
