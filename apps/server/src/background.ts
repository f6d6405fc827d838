import { z } from "zod";
import { purgeExpiredSessions } from "./modules/auth/auth.service.js";
import type { EventConsumer } from "./platform/events.js";
import { defineJob, type JobDefinition } from "./platform/jobs.js";

/** Every scheduled or queued job of the platform; modules contribute theirs here. */
export const JOBS: JobDefinition[] = [
  defineJob({
    name: "maintenance-purge-sessions",
    payload: z.object({}),
    schedule: "17 3 * * *",
    handler: async (_payload, { db }) => purgeExpiredSessions(db),
  }),
];

/** Outbox consumers (notifications, automation, webhooks…) register here as they are built. */
export const CONSUMERS: EventConsumer[] = [];
