-- Issue 24: points at an e-shop's checkout (modules/checkout, docs/checkout.md).
--
-- A reservation is a ledger debit (cause 'checkout') written under the member's enrollment lock;
-- releasing it is the debit's reversal. So the ledger's own rule (a debit never takes more than
-- the available points) is what stops two checkouts of one member from spending the same points.

alter table ledger_entries drop constraint ledger_entries_cause_type_check;
alter table ledger_entries add constraint ledger_entries_cause_type_check
  check (cause_type in ('purchase', 'return', 'rule', 'event', 'welcome', 'redemption', 'manual', 'automation', 'import', 'expiry',
                        'reversal', 'checkout'));

-- One row per program: what a shop's checkout may offer. The lists are small and always read and
-- written whole with the settings (the settings form, the quote), so they are JSON columns
-- validated by the API's schema, not tables of their own.
create table checkout_settings (
  company_id text not null references companies (id),
  program_id text not null,
  enabled boolean not null default false,
  -- the basket's amount (minor units) below which nothing is offered for points
  minimum_basket_minor bigint not null default 0 check (minimum_basket_minor >= 0),
  -- null = no limit
  max_products_per_order integer check (max_products_per_order > 0),
  max_points_per_order bigint check (max_points_per_order > 0),
  -- money the member still pays for each product taken for points (0 = none)
  fee_per_item_minor bigint not null default 0 check (fee_per_item_minor >= 0),
  reservation_minutes integer not null default 30 check (reservation_minutes between 1 and 10080),
  -- [{ sku, name, points, active }]
  products jsonb not null default '[]',
  -- [{ points, percent }] ascending by points
  discount_thresholds jsonb not null default '[]',
  updated_at timestamptz not null default now(),
  primary key (company_id, program_id),
  foreign key (company_id, program_id) references programs (company_id, id)
);

create table checkout_reservations (
  company_id text not null references companies (id),
  id text not null,
  program_id text not null,
  member_id text not null,
  -- the shop's order (or cart) id: the idempotency key within the program
  order_id text not null,
  status text not null check (status in ('reserved', 'settled', 'released')),
  release_reason text check (release_reason in ('abandoned', 'expired')),
  points bigint not null check (points > 0),
  product_points bigint not null default 0,
  discount_points bigint not null default 0,
  discount_percent integer not null default 0,
  discount_minor bigint not null default 0,
  fees_minor bigint not null default 0,
  basket_minor bigint not null,
  currency text not null,
  -- [{ sku, name, quantity, pointsEach, points, feeMinor, valueMinor }]
  products jsonb not null default '[]',
  -- SHA-256 of the request's member, basket and choice: the same request again is a replay
  request_hash text not null,
  ledger_entry_id text not null,
  release_entry_id text,
  created_by text,
  expires_at timestamptz not null,
  created_at timestamptz not null,
  settled_at timestamptz,
  released_at timestamptz,
  primary key (company_id, id),
  foreign key (company_id, program_id, member_id) references enrollments (company_id, program_id, member_id)
);
-- At most one live (reserved or settled) reservation per order: a released one (abandoned,
-- expired) leaves the order free for a new checkout.
create unique index checkout_reservations_order_key on checkout_reservations (company_id, program_id, order_id)
  where status <> 'released';
-- An order's reservations, newest first (settle/release by order id also finds a released one).
create index checkout_reservations_order_idx on checkout_reservations (company_id, program_id, order_id, created_at desc);
-- The program tab's recent reservations.
create index checkout_reservations_program_idx on checkout_reservations (company_id, program_id, id desc);
-- The expiry job's queue: read across companies like the other worker queues (ARCHITECTURE, Data).
create index checkout_reservations_due_idx on checkout_reservations (expires_at) where status = 'reserved';
