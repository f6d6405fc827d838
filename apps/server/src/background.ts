import { z } from "zod";
import type { Config } from "./config.js";
import { automationConsumer } from "./modules/automation/automation.consumer.js";
import { automationRunsTask } from "./modules/automation/execute-run.js";
import { runScheduledTriggers } from "./modules/automation/scheduled.js";
import { campaignSenderTask } from "./modules/campaigns/campaigns.service.js";
import { getCompany } from "./modules/companies/companies.service.js";
import { expireDuePoints } from "./modules/ledger/expire-job.js";
import { messageDispatcherTask } from "./modules/messaging/dispatcher.js";
import { notificationsConsumer } from "./modules/notifications/notifications.consumer.js";
import { pointsExpiringJob } from "./modules/notifications/points-expiring.job.js";
import { awardBirthdayPoints } from "./modules/points/points.service.js";
import { eraseInactiveMembers, purgeRetainedData } from "./modules/privacy/retention.js";
import { referralsConsumer } from "./modules/referrals/referrals.consumer.js";
import { reevaluateAllTiers } from "./modules/tiers/reevaluate-tiers-job.js";
import { webhookDeliveriesTask } from "./modules/webhooks/send-deliveries.js";
import { webhooksConsumer } from "./modules/webhooks/webhooks.consumer.js";
import { purgeOldWebhookDeliveries } from "./modules/webhooks/webhooks-retention.js";
import type { EventConsumer } from "./platform/events.js";
import { defineJob, type JobDefinition } from "./platform/jobs.js";
import { maintainTables } from "./platform/maintenance.js";
import type { WorkerTask } from "./platform/worker.js";

/** Every scheduled or queued job of the platform; modules contribute theirs here. */
const JOBS: JobDefinition[] = [
  defineJob({
    name: "privacy-erase-inactive",
    payload: z.object({}),
    // Daily; only companies that set a period (company settings) take part.
    schedule: "47 3 * * *",
    handler: async (_payload, { db }) => void (await eraseInactiveMembers(db, new Date())),
  }),
  defineJob({
    name: "points-expire",
    payload: z.object({}),
    // Hourly, so "end of month" expiry lands within the hour in every time zone.
    schedule: "5 * * * *",
    handler: async (_payload, { db }) => {
      // Chunks of enrollments until nothing is due; each enrollment is its own short transaction.
      for (;;) {
        const { enrollments } = await expireDuePoints(db, new Date());
        if (enrollments === 0) break;
      }
    },
  }),
  defineJob({
    name: "points-birthdays",
    payload: z.object({}),
    // Hourly: "today" begins at a different hour in each company's time zone; the award key
    // (birthday-<year>) keeps it to once a year.
    schedule: "15 * * * *",
    handler: async (_payload, { db }) => void (await awardBirthdayPoints(db, new Date())),
  }),
  defineJob({
    name: "automation-scheduled",
    payload: z.object({}),
    // Hourly: a company's day begins at a different hour in each time zone (a birthday scenario
    // fires in the first minutes of the day); each scenario is walked once a day.
    schedule: "1 * * * *",
    handler: async (_payload, { db }) => void (await runScheduledTriggers(db, new Date())),
  }),
  defineJob({
    name: "webhooks-purge",
    payload: z.object({}),
    // Daily: the delivery log keeps 30 days (docs/webhooks.md).
    schedule: "23 3 * * *",
    handler: async (_payload, { db }) => void (await purgeOldWebhookDeliveries(db, new Date())),
  }),
  defineJob({
    name: "tiers-reevaluate",
    payload: z.object({}),
    schedule: "30 2 * * *",
    handler: async (_payload, { db }) => {
      const zones = new Map<string, string>();
      await reevaluateAllTiers(db, new Date(), async (companyId) => {
        if (!zones.has(companyId)) zones.set(companyId, (await getCompany(db, companyId)).timeZone);
        return zones.get(companyId) as string;
      });
    },
  }),
];

/** The embedded database's autovacuum (platform/maintenance.ts); a PostgreSQL server has its own. */
const EMBEDDED_DATABASE_JOBS: JobDefinition[] = [
  defineJob({
    name: "maintenance-embedded-vacuum",
    payload: z.object({}),
    schedule: "*/10 * * * *",
    handler: async (_payload, { db }) => void (await maintainTables(db)),
  }),
];

/** Outbox consumers (notifications, automation, webhooks…) register here as they are built. */
const CONSUMERS: EventConsumer[] = [referralsConsumer, automationConsumer(), webhooksConsumer()];

/**
 * Everything the worker runs: scheduled/queued jobs, outbox consumers, and polling tasks (run every
 * WORKER_POLL_MS next to the consumers). Built from the config because some of them render links
 * (PUBLIC_URL) or decrypt provider secrets (SECRET_KEY).
 */
export function backgroundWork(config: Config): { jobs: JobDefinition[]; consumers: EventConsumer[]; tasks: WorkerTask[] } {
  const consumers = [...CONSUMERS, notificationsConsumer(config)];
  // Retention periods are the operator's (config): they bound what the installation keeps.
  const retentionJob = defineJob({
    name: "privacy-retention-purge",
    payload: z.object({}),
    schedule: "17 3 * * *",
    handler: async (_payload, { db }) => void (await purgeRetainedData(db, { retention: config.retention, consumers, now: new Date() })),
  });
  return {
    jobs: [...JOBS, retentionJob, pointsExpiringJob(config), ...(config.databaseUrl ? [] : EMBEDDED_DATABASE_JOBS)],
    consumers,
    // Automation's runs first: the messages they queue go out in the same pass.
    // Webhooks last: a pass's events are consumed first, and a slow receiver delays no message.
    tasks: [automationRunsTask(config), campaignSenderTask(config), messageDispatcherTask(config), webhookDeliveriesTask(config)],
  };
}
