-- Issue 24: inbound e-shop connections. A shop (WooCommerce, Shopify, Shoper or anything speaking
-- the generic connector's JSON) posts its webhooks to /api/v1/connect/<shop id>; the platform's
-- signature with the connection's secret is the credential. Paid orders become purchases, refunds
-- returns, cancellations reversals, customers members. shop_deliveries is the inbound log; its
-- partial unique key refuses a replayed webhook.

create table shop_connections (
  company_id text not null references companies (id),
  id text not null,
  platform text not null check (platform in ('generic', 'woocommerce', 'shopify', 'shoper')),
  name text not null,
  program_id text not null,
  -- where the shop's purchases are recorded (null: no location)
  location_id text,
  shop_domain text,
  -- consents granted to a customer the shop says accepts marketing
  consent_ids text[] not null default '{}',
  -- deleted connections stay for their delivery log; their URL answers 410
  status text not null default 'active' check (status in ('active', 'paused', 'deleted')),
  -- the signing secret (Shopify: the app's client secret), encrypted under SECRET_KEY
  secret_enc text not null,
  options jsonb not null default '{}',
  last_received_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  primary key (company_id, id)
);

-- DESIGN: "a small global lookup table where a request must find its company first". The public
-- inbound URL names only the shop id; this row says whose it is before any company is known (on
-- Citus: a reference table, like widget_settings' public key). Written with the connection, never
-- deleted (a deleted connection's URL answers 410, not 404).
create table shop_connection_routes (
  shop_id text primary key,
  company_id text not null references companies (id)
);

create table shop_deliveries (
  company_id text not null references companies (id),
  id text not null,
  shop_id text not null,
  received_at timestamptz not null default now(),
  -- the platform's topic (orders/paid, order.updated, order.paid, customer.created…)
  topic text not null default '',
  -- the platform's own delivery id as sent (X-Shopify-Webhook-Id, X-WC-Webhook-Delivery-ID,
  -- X-Webhook-Id, webhook-id)
  platform_delivery_id text,
  -- the replay key: the platform's delivery id, or a hash of the topic and body when it sends none
  delivery_key text,
  -- the order's or customer's id in the shop, as text (Shopify ids exceed 2^53)
  external_id text,
  outcome text not null check (outcome in ('purchase_recorded', 'return_recorded', 'reversed', 'member_created', 'member_updated',
    'ignored', 'duplicate', 'refused', 'failed')),
  detail text not null default '',
  purchase_id text,
  member_id text,
  http_status integer not null,
  primary key (company_id, id)
);
-- A delivery that took effect holds its key: the same webhook again is a duplicate. Refused and
-- failed deliveries hold nothing (the platform's retry may still succeed), nor do duplicates.
create unique index shop_deliveries_delivery_key on shop_deliveries (company_id, shop_id, delivery_key)
  where delivery_key is not null and outcome not in ('duplicate', 'refused', 'failed');
create index shop_deliveries_shop_idx on shop_deliveries (company_id, shop_id, id desc);
