import type { Db, Queryable } from "./db.js";
import { newId } from "./ids.js";
import { type Sql, sql } from "./sql.js";

/** A domain event as stored in the outbox. */
export interface DomainEvent {
  seq: number;
  id: string;
  companyId: string;
  type: string;
  entityType: string;
  entityId: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

export interface NewEvent {
  companyId: string;
  type: string;
  entityType: string;
  entityId: string | null;
  payload?: Record<string, unknown>;
}

/** Call inside the transaction that makes the change: the event exists iff the change does. */
export async function emitEvent(tx: Queryable, event: NewEvent): Promise<string> {
  const [id] = await emitEvents(tx, [event]);
  return id as string;
}

/** Several events of one change in one statement (in this order), e.g. a purchase and its points. */
export async function emitEvents(tx: Queryable, events: NewEvent[]): Promise<string[]> {
  const ids = events.map(() => newId("evt"));
  await tx.query(eventsWrite(events, ids));
  return ids;
}

/** The events' INSERT, for a caller that sends it with another statement (withWrites). */
export function eventsWrite(events: NewEvent[], ids: string[] = events.map(() => newId("evt"))): Sql {
  return sql`insert into events (id, company_id, type, entity_type, entity_id, payload)
     select * from unnest(${ids}::text[], ${events.map((e) => e.companyId)}::text[], ${events.map((e) => e.type)}::text[],
       ${events.map((e) => e.entityType)}::text[], ${events.map((e) => e.entityId)}::text[],
       ${events.map((e) => JSON.stringify(e.payload ?? {}))}::jsonb[])`;
}

/**
 * The INSERT of one event whose payload the statement completes: `extra` is a jsonb expression over
 * `from` (a ledger write adds the balance it leaves, from the sums it already computed).
 */
export function eventInsertSelect(event: NewEvent, extra: Sql, from: Sql): Sql {
  return sql`insert into events (id, company_id, type, entity_type, entity_id, payload)
     select ${newId("evt")}, ${event.companyId}, ${event.type}, ${event.entityType}, ${event.entityId},
       ${JSON.stringify(event.payload ?? {})}::jsonb || ${extra}
       from ${from}`;
}

/**
 * The INSERT of one event per row of `rows` (columns company_id, type, entity_type, entity_id,
 * payload jsonb), for a set-based statement that writes events of many changes at once: the ids
 * share a fresh time-sortable prefix and end in a counter.
 */
export function eventsInsertFrom(rows: Sql): Sql {
  return sql`insert into events (id, company_id, type, entity_type, entity_id, payload)
     select ${newId("evt").slice(0, 24)}::text || lpad((row_number() over ())::text, 6, '0'), r.company_id, r.type, r.entity_type,
            r.entity_id, r.payload
       from (${rows}) r`;
}

/**
 * A consumer handles each event at most once: its consumption row is inserted in the same
 * transaction as the handler's writes, so a crash or an error leaves the event to be retried.
 */
export interface EventConsumer {
  name: string;
  /** Event types to receive; omitted = all. */
  types?: readonly string[];
  handle(tx: Queryable, event: DomainEvent): Promise<void>;
}

interface EventRow {
  seq: number;
  id: string;
  company_id: string;
  type: string;
  entity_type: string;
  entity_id: string | null;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Events whose writing transaction may still be open could get a lower seq than an event
 * already seen; the low-water mark therefore only passes events older than this margin.
 */
const SETTLE_SECONDS = 300;

export interface ConsumeResult {
  consumed: number;
  failed: number;
}

/** One pass of one consumer over pending events. Safe to run from many workers at once. */
export async function consumeEvents(opts: {
  db: Db;
  consumer: EventConsumer;
  batchSize?: number;
  onError?: (err: unknown, event: DomainEvent) => void;
}): Promise<ConsumeResult> {
  const { db, consumer } = opts;
  const types = consumer.types ?? null;
  await db.query(sql`insert into event_consumers (consumer) values (${consumer.name}) on conflict (consumer) do nothing`);
  const rows = await db.query<EventRow>(
    sql`select e.seq, e.id, e.company_id, e.type, e.entity_type, e.entity_id, e.payload, e.occurred_at
          from events e
         where e.seq > (select low_seq from event_consumers where consumer = ${consumer.name})
           and (${types}::text[] is null or e.type = any(${types}::text[]))
           and not exists (select 1 from event_consumptions c where c.consumer = ${consumer.name} and c.event_seq = e.seq)
         order by e.seq
         limit ${opts.batchSize ?? 100}`,
  );
  const result: ConsumeResult = { consumed: 0, failed: 0 };
  for (const row of rows) {
    const event = toEvent(row);
    try {
      const handled = await db.transaction(async (tx) => {
        const claimed = await tx.query(
          sql`insert into event_consumptions (consumer, event_seq) values (${consumer.name}, ${event.seq})
              on conflict do nothing returning event_seq`,
        );
        if (claimed.length === 0) return false;
        await consumer.handle(tx, event);
        return true;
      });
      if (handled) result.consumed++;
    } catch (err) {
      result.failed++;
      opts.onError?.(err, event);
    }
  }
  await advanceLowWaterMark(db, consumer);
  return result;
}

async function advanceLowWaterMark(db: Db, consumer: EventConsumer): Promise<void> {
  const types = consumer.types ?? null;
  await db.query(
    sql`update event_consumers ec
           set low_seq = greatest(ec.low_seq, least(
             coalesce((select min(e.seq) - 1 from events e
                        where e.seq > ec.low_seq
                          and (${types}::text[] is null or e.type = any(${types}::text[]))
                          and not exists (select 1 from event_consumptions c
                                           where c.consumer = ec.consumer and c.event_seq = e.seq)),
                      (select coalesce(max(seq), 0) from events)),
             (select coalesce(max(seq), 0) from events
               where occurred_at < now() - make_interval(secs => ${SETTLE_SECONDS}))))
         where ec.consumer = ${consumer.name}`,
  );
}

function toEvent(row: EventRow): DomainEvent {
  return {
    seq: Number(row.seq),
    id: row.id,
    companyId: row.company_id,
    type: row.type,
    entityType: row.entity_type,
    entityId: row.entity_id,
    payload: row.payload,
    occurredAt: row.occurred_at,
  };
}

/**
 * Erasure: the payloads of the member's events (about the member, or naming it as `memberId`) keep
 * only ids, numbers and true/false; texts (names, addresses, card numbers, reasons) and nested
 * values go, and `erased: true` says why. Types, times and order stay, so consumers and reports
 * still count them. Returns how many events were scrubbed.
 */
export async function scrubMemberEvents(tx: Queryable, companyId: string, memberId: string): Promise<number> {
  const rows = await tx.query(
    sql`update events e
           set payload = (select coalesce(jsonb_object_agg(p.key, p.value), '{}'::jsonb)
                            from jsonb_each(e.payload) p
                           where p.key ~ '(Id|Ids|^id)$' or jsonb_typeof(p.value) in ('number', 'boolean', 'null'))
                         || '{"erased": true}'::jsonb
         where e.company_id = ${companyId}
           and ((e.entity_type = 'member' and e.entity_id = ${memberId}) or e.payload ->> 'memberId' = ${memberId})
           and not coalesce((e.payload ->> 'erased')::boolean, false)
         returning e.seq`,
  );
  return rows.length;
}
