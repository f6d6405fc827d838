import type { EventConsumer } from "../../platform/events.js";
import { sql } from "../../platform/sql.js";
import { queueDeliveries } from "./deliveries.service.js";
import { memberOfEvent, PUBLISHED_EVENT_TYPES, publicData, webhookBody } from "./event-catalogue.js";

/**
 * The outbox consumer `webhooks`: a published event becomes one delivery per enabled endpoint of
 * the company whose filter takes it, inserted in the consumption's transaction (so every committed
 * event is queued exactly once, and sent at least once). The body is built here, once: every
 * attempt and replay sends the same bytes under the same webhook-id (the event's id).
 *
 * A disabled endpoint gets no deliveries for the events of its disabled time (docs/webhooks.md):
 * a receiver that is gone or broken for days would otherwise face a flood on re-enabling; what was
 * already queued waits and resumes, and any delivery can be replayed.
 */
export function webhooksConsumer(clock: () => Date = () => new Date()): EventConsumer {
  return {
    name: "webhooks",
    types: PUBLISHED_EVENT_TYPES,
    async handle(tx, event) {
      const endpoints = await tx.query<{ id: string; url: string }>(
        sql`select id, url from webhook_endpoints
             where company_id = ${event.companyId} and status = 'enabled'
               and (cardinality(event_types) = 0 or ${event.type} = any(event_types))`,
      );
      if (endpoints.length === 0) return;
      const body = webhookBody(event.type, event.occurredAt, publicData(event));
      const memberId = memberOfEvent(event);
      await queueDeliveries(
        tx,
        event.companyId,
        endpoints.map((e) => ({
          endpointId: e.id,
          url: e.url,
          eventId: event.id,
          eventSeq: event.seq,
          eventType: event.type,
          memberId,
          body,
          dueAt: event.occurredAt,
        })),
        clock(),
      );
    },
  };
}
