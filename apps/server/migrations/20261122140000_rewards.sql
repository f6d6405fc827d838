-- Rewards catalog, stock with its history (global or per location), voucher code pools, and
-- redemptions. Stock is decremented by a conditional UPDATE and codes are claimed with
-- FOR UPDATE SKIP LOCKED, inside the redemption's transaction: no overselling, ever.

create table rewards (
  company_id text not null references companies (id),
  id text not null,
  program_id text not null,
  name_pl text not null,
  name_en text not null default '',
  description_pl text not null default '',
  description_en text not null default '',
  image_media_ids text[] not null default '{}',
  category text not null default '',
  kind text not null check (kind in ('physical', 'coupon', 'free_product', 'voucher', 'custom')),
  points_price integer not null check (points_price > 0),
  fulfilment text not null default 'pickup' check (fulfilment in ('pickup', 'shipping', 'none')),
  coupon_kind text check (coupon_kind in ('percent', 'amount')),
  coupon_value integer check (coupon_value is null or coupon_value > 0),
  coupon_min_order_minor bigint,
  product_sku text,
  voucher_pool_id text,
  stock_mode text not null default 'unlimited' check (stock_mode in ('unlimited', 'global', 'per_location')),
  stock integer check (stock is null or stock >= 0),
  low_stock_threshold integer check (low_stock_threshold is null or low_stock_threshold >= 0),
  starts_at timestamptz,
  ends_at timestamptz,
  tier_ids text[] not null default '{}',
  location_ids text[] not null default '{}',
  limit_per_member integer check (limit_per_member is null or limit_per_member > 0),
  limit_per_period integer check (limit_per_period is null or limit_per_period > 0),
  limit_period_days integer check (limit_period_days is null or limit_period_days > 0),
  visible_in_portal boolean not null default true,
  sort_order integer not null default 0,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, program_id) references programs (company_id, id)
);
create unique index rewards_id_key on rewards (id);
create index rewards_program_idx on rewards (company_id, program_id, sort_order);

create table reward_location_stock (
  company_id text not null,
  reward_id text not null,
  location_id text not null,
  stock integer not null check (stock >= 0),
  primary key (company_id, reward_id, location_id)
);

create table reward_stock_movements (
  company_id text not null,
  id text not null,
  reward_id text not null,
  location_id text,
  kind text not null check (kind in ('delivery', 'correction', 'redemption', 'cancellation')),
  quantity integer not null,
  stock_after integer not null,
  reason text,
  redemption_id text,
  actor_name text not null,
  occurred_at timestamptz not null default now(),
  primary key (company_id, id)
);
create index reward_stock_movements_reward_idx on reward_stock_movements (company_id, reward_id, id desc);

create table voucher_pools (
  company_id text not null references companies (id),
  id text not null,
  name text not null,
  low_threshold integer not null default 10 check (low_threshold >= 0),
  created_at timestamptz not null default now(),
  primary key (company_id, id)
);
create unique index voucher_pools_id_key on voucher_pools (id);

create table voucher_codes (
  company_id text not null,
  pool_id text not null,
  code text not null,
  status text not null default 'available' check (status in ('available', 'issued', 'used', 'expired', 'void')),
  expires_at timestamptz,
  member_id text,
  redemption_id text,
  issued_at timestamptz,
  used_at timestamptz,
  used_location_id text,
  created_at timestamptz not null default now(),
  primary key (company_id, code),
  foreign key (company_id, pool_id) references voucher_pools (company_id, id)
);
create index voucher_codes_available_idx on voucher_codes (company_id, pool_id, created_at) where status = 'available';
create index voucher_codes_redemption_idx on voucher_codes (company_id, redemption_id) where redemption_id is not null;

create table redemptions (
  company_id text not null references companies (id),
  id text not null,
  program_id text not null,
  member_id text not null,
  reward_id text not null,
  quantity integer not null check (quantity > 0),
  points integer not null check (points > 0),
  -- the member's tier discount when redeeming, shown with it at the counter
  discount_bp integer not null default 0,
  status text not null default 'issued' check (status in ('issued', 'fulfilled', 'cancelled')),
  fulfilment text check (fulfilment in ('collected', 'shipped')),
  location_id text,
  note text not null default '',
  ledger_entry_id text,
  idempotency_key text,
  created_by text,
  created_at timestamptz not null default now(),
  fulfilled_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  primary key (company_id, id)
);
create unique index redemptions_id_key on redemptions (id);
create unique index redemptions_idempotency_key on redemptions (company_id, idempotency_key) where idempotency_key is not null;
create index redemptions_member_idx on redemptions (company_id, member_id, created_at desc);
create index redemptions_reward_idx on redemptions (company_id, reward_id, member_id, created_at);
