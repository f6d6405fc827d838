-- Issue 24: outgoing webhooks (Standard Webhooks). A company's endpoints receive the public domain
-- events they subscribe to; each (endpoint, event) is one delivery, at most one row whatever
-- replays of the outbox or second workers do (webhook_deliveries_event_key, company_id first).

create table webhook_endpoints (
  company_id text not null references companies (id),
  id text not null,
  url text not null,
  description text not null default '',
  -- public event types (event-catalogue.ts); empty = every type
  event_types text[] not null default '{}',
  status text not null default 'enabled' check (status in ('enabled', 'disabled')),
  disabled_reason text check (disabled_reason in ('manual', 'gone', 'failing')),
  disabled_at timestamptz,
  -- the first failed attempt since the last success: an endpoint failing for days is disabled
  failing_since timestamptz,
  -- "whsec_…", encrypted with platform/secrets.ts; the previous one keeps signing until it expires
  secret_enc text not null,
  previous_secret_enc text,
  previous_secret_expires_at timestamptz,
  last_delivery_at timestamptz,
  last_response_status integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);

create table webhook_deliveries (
  company_id text not null references companies (id),
  id text not null,
  endpoint_id text not null,
  -- the domain event's id (webhook-id, the same on every retry and replay); a test event's own id
  event_id text not null,
  -- the outbox order; null for a test event (ordered after nothing)
  event_seq bigint,
  event_type text not null,
  -- the ordering key: deliveries of one endpoint and member go out in event order
  member_id text,
  status text not null default 'pending' check (status in ('pending', 'retrying', 'delivered', 'dead')),
  -- every attempt made; round_attempts counts since the delivery was queued or replayed (the backoff's step)
  attempts integer not null default 0,
  round_attempts integer not null default 0,
  -- when the worker may take it; while a worker holds it, the end of its lease
  next_attempt_at timestamptz,
  lease_token text,
  request_url text not null,
  -- the body as sent, byte for byte (signed as is on every attempt)
  request_body text not null check (octet_length(request_body) <= 65536),
  -- the headers of the last attempt (webhook-timestamp and signatures change on each)
  request_headers jsonb not null default '{}',
  -- [{at, responseStatus, error, durationMs, responseHeaders, responseBody}], the last 10 attempts
  attempt_log jsonb not null default '[]',
  last_attempt_at timestamptz,
  last_response_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (company_id, id)
);
-- At most one delivery per endpoint and event.
create unique index webhook_deliveries_event_key on webhook_deliveries (company_id, endpoint_id, event_id);
-- The sender's queue. Not a key, and across companies like automation_runs_due_idx: the worker
-- serves every company (ARCHITECTURE.md, "Data").
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status in ('pending', 'retrying');
-- "Does an earlier delivery of this member to this endpoint still wait?" (order per member).
create index webhook_deliveries_order_idx on webhook_deliveries (company_id, endpoint_id, member_id, event_seq)
  where status in ('pending', 'retrying');
create index webhook_deliveries_endpoint_idx on webhook_deliveries (company_id, endpoint_id, id);
create index webhook_deliveries_member_idx on webhook_deliveries (company_id, member_id, id) where member_id is not null;
