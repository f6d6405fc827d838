import { z } from "zod";
import type { Config } from "../../config.js";
import type { Db } from "../../platform/db.js";
import { defineJob, type JobDefinition } from "../../platform/jobs.js";
import { getCompany } from "../companies/companies.service.js";
import { listExpiringPoints } from "../ledger/read-entries.js";
import { getProgramRow } from "../programs/programs.service.js";
import { messageFormat } from "../templates/render.js";
import { queueNotification } from "./notifications.consumer.js";
import { listEnabledReminders } from "./notifications.service.js";

/** Reminders go out in the company's daytime; the hourly job picks them up from 9:00 local time. */
const FIRST_HOUR = 9;
const LAST_HOUR = 20;

function localHour(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(at));
}

/**
 * Queues `points_expiring` for every member whose points expire within the program's `daysBefore`
 * days, once per (program, member, last valid day) by the dedupe key, so the hourly run repeats
 * nothing. Each member is one short transaction. Returns how many occasions were looked at.
 */
export async function queueExpiringPointsReminders(opts: { db: Db; config: Config; now: Date }): Promise<number> {
  const { db, config, now } = opts;
  let occasions = 0;
  for (const { companyId, programId, notification } of await listEnabledReminders(db)) {
    const company = await getCompany(db, companyId);
    const hour = localHour(now, company.timeZone);
    if (hour < FIRST_HOUR || hour > LAST_HOUR) continue;
    if ((await getProgramRow(db, companyId, programId)).status !== "active") continue;
    const days = notification.daysBefore ?? 7;
    const due = await listExpiringPoints(db, {
      companyId,
      programId,
      from: now,
      to: new Date(now.getTime() + days * 86_400_000),
      timeZone: company.timeZone,
    });
    const f = messageFormat(company.language);
    for (const d of due) {
      await db.transaction((tx) =>
        queueNotification(
          tx,
          {
            companyId,
            memberId: d.memberId,
            programId,
            kind: "points_expiring",
            extra: { expiring_points: f.number(d.points), expiry_date: f.day(d.lastDay) },
            dedupeKey: `notif:expiring:${programId}:${d.memberId}:${d.lastDay}`,
          },
          { config, now },
        ),
      );
      occasions++;
    }
  }
  return occasions;
}

/** The scheduled job; built from the config because messages carry links (PUBLIC_URL). */
export function pointsExpiringJob(config: Config): JobDefinition {
  return defineJob({
    name: "notifications-points-expiring",
    payload: z.object({}),
    schedule: "40 * * * *",
    handler: async (_payload, { db }) => void (await queueExpiringPointsReminders({ db, config, now: new Date() })),
  });
}
