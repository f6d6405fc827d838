import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";
import { queueDeliveries } from "./deliveries.service.js";
import { webhookBody } from "./event-catalogue.js";

/** The type of a delivery an automation scenario sends to an endpoint it names (not an outbox event). */
export const AUTOMATION_WEBHOOK_TYPE = "automation.webhook";

export type ScenarioDeliveryResult =
  | { queued: true; deliveryId: string }
  | { queued: false; reason: "webhook_endpoint_gone" | "webhook_endpoint_disabled" };

/**
 * Automation's "send to a webhook endpoint": one delivery to the endpoint the scenario names,
 * whatever the endpoint's event filter (the scenario chose it), in the run's transaction: it is
 * signed, retried and logged like every delivery. `eventId` (the run and step) is its webhook-id
 * and its key, so a step run again queues nothing more. A disabled endpoint takes nothing (as for
 * outbox events); the run's step says so.
 */
export async function queueScenarioDelivery(
  tx: Queryable,
  o: { companyId: string; endpointId: string; eventId: string; memberId: string; data: Record<string, unknown>; now: Date },
): Promise<ScenarioDeliveryResult> {
  const [endpoint] = await tx.query<{ url: string; status: string }>(
    sql`select url, status from webhook_endpoints where company_id = ${o.companyId} and id = ${o.endpointId}`,
  );
  if (!endpoint) return { queued: false, reason: "webhook_endpoint_gone" };
  if (endpoint.status !== "enabled") return { queued: false, reason: "webhook_endpoint_disabled" };
  await queueDeliveries(
    tx,
    o.companyId,
    [
      {
        endpointId: o.endpointId,
        url: endpoint.url,
        eventId: o.eventId,
        // ordered after nothing: it is not an outbox event
        eventSeq: null,
        eventType: AUTOMATION_WEBHOOK_TYPE,
        memberId: o.memberId,
        body: webhookBody(AUTOMATION_WEBHOOK_TYPE, o.now, o.data),
        dueAt: o.now,
      },
    ],
    o.now,
  );
  const [row] = await tx.query<{ id: string }>(
    sql`select id from webhook_deliveries where company_id = ${o.companyId} and endpoint_id = ${o.endpointId} and event_id = ${o.eventId}`,
  );
  return { queued: true, deliveryId: row?.id ?? "" };
}

/** Whether the company has this endpoint (a scenario's reference check). */
export async function webhookEndpointExists(db: Queryable, companyId: string, endpointId: string): Promise<boolean> {
  const rows = await db.query(sql`select 1 from webhook_endpoints where company_id = ${companyId} and id = ${endpointId}`);
  return rows.length > 0;
}
