-- Programs, tiers, earning rules, enrollments, the points ledger, purchases and returns.
-- The ledger is append-only. Credits create lots; debits consume lots (oldest expiry first) and
-- record which lots they took (lot_allocations), so any debit can be reversed exactly.
-- Invariant per enrollment: sum(ledger_entries.points) = sum(point_lots.remaining) - debt.

create table programs (
  company_id text not null references companies (id),
  id text not null,
  name text not null,
  slogan text not null default '',
  description text not null default '',
  status text not null default 'draft' check (status in ('draft', 'active', 'ended')),
  starts_at timestamptz,
  ends_at timestamptz,
  primary_color text not null default '#2f9e44',
  photo_media_id text,
  icon_media_id text,
  budget_bp integer not null default 0 check (budget_bp between 0 and 10000),
  point_value_minor integer not null default 1 check (point_value_minor >= 0),
  point_value_points integer not null default 1 check (point_value_points > 0),
  converter_points integer not null default 1 check (converter_points >= 0),
  converter_amount_minor integer not null default 100 check (converter_amount_minor > 0),
  rounding text not null default 'down' check (rounding in ('down', 'half_up')),
  min_purchase_minor bigint not null default 0 check (min_purchase_minor >= 0),
  welcome_points integer not null default 0 check (welcome_points >= 0),
  pending_days integer not null default 0 check (pending_days between 0 and 365),
  expiry_policy text not null default 'never'
    check (expiry_policy in ('never', 'days', 'months', 'end_of_month', 'end_of_quarter', 'end_of_year')),
  expiry_value integer check (expiry_value is null or expiry_value between 1 and 3650),
  negative_policy text not null default 'allow_negative' check (negative_policy in ('allow_negative', 'record_debt')),
  tier_basis text not null default 'points' check (tier_basis in ('points', 'spend')),
  tier_period text not null default 'calendar_year' check (tier_period in ('rolling_days', 'calendar_year', 'lifetime')),
  tier_period_days integer check (tier_period_days is null or tier_period_days between 1 and 3650),
  tier_downgrade boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);
create unique index programs_id_key on programs (id);

create table tiers (
  company_id text not null references companies (id),
  id text not null,
  program_id text not null,
  name text not null,
  threshold bigint not null check (threshold >= 0),
  discount_bp integer not null default 0 check (discount_bp between 0 and 10000),
  multiplier_bp integer not null default 10000 check (multiplier_bp between 0 and 100000),
  converter_points integer check (converter_points is null or converter_points >= 0),
  converter_amount_minor integer check (converter_amount_minor is null or converter_amount_minor > 0),
  color text not null default '#868e96',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, program_id) references programs (company_id, id)
);
create unique index tiers_id_key on tiers (id);
create unique index tiers_threshold_key on tiers (company_id, program_id, threshold);

create table earning_rules (
  company_id text not null references companies (id),
  id text not null,
  program_id text not null,
  name text not null,
  description text not null default '',
  kind text not null check (kind in ('multiplier', 'bonus', 'event')),
  multiplier_bp integer check (multiplier_bp is null or multiplier_bp between 0 and 100000),
  bonus_points integer check (bonus_points is null or bonus_points >= 0),
  per_item boolean not null default false,
  event_type text check (event_type in ('registration', 'newsletter_confirmed', 'review_approved', 'birthday', 'custom')),
  event_name text,
  skus text[] not null default '{}',
  categories text[] not null default '{}',
  producers text[] not null default '{}',
  tier_ids text[] not null default '{}',
  tags text[] not null default '{}',
  member_ids text[] not null default '{}',
  location_ids text[] not null default '{}',
  starts_at timestamptz,
  ends_at timestamptz,
  cap_per_day integer check (cap_per_day is null or cap_per_day > 0),
  cap_per_month integer check (cap_per_month is null or cap_per_month > 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, program_id) references programs (company_id, id)
);
create unique index earning_rules_id_key on earning_rules (id);

create table enrollments (
  company_id text not null references companies (id),
  program_id text not null,
  member_id text not null,
  tier_id text,
  tier_locked boolean not null default false,
  tier_since timestamptz,
  joined_at timestamptz not null default now(),
  lifetime_earned bigint not null default 0,
  spent bigint not null default 0,
  expired bigint not null default 0,
  debt bigint not null default 0 check (debt >= 0),
  primary key (company_id, program_id, member_id),
  foreign key (company_id, program_id) references programs (company_id, id),
  foreign key (company_id, member_id) references members (company_id, id)
);
create index enrollments_member_idx on enrollments (company_id, member_id);
create index enrollments_tier_idx on enrollments (company_id, program_id, tier_id);

create table ledger_entries (
  company_id text not null references companies (id),
  id text not null,
  program_id text not null,
  member_id text not null,
  kind text not null check (kind in ('earn', 'spend', 'expire', 'adjust', 'reverse', 'transfer_in', 'transfer_out')),
  points bigint not null,
  cause_type text not null
    check (cause_type in ('purchase', 'return', 'rule', 'event', 'welcome', 'redemption', 'manual', 'automation', 'import', 'expiry', 'reversal')),
  cause_id text,
  reason text,
  location_id text,
  actor_type text not null,
  actor_id text,
  actor_name text not null,
  available_at timestamptz,
  expires_at timestamptz,
  reverses_id text,
  -- money behind the entry (purchase amount, negative for refunds): tiers qualify by spend from here
  money_minor bigint not null default 0,
  occurred_at timestamptz not null,
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, program_id, member_id) references enrollments (company_id, program_id, member_id)
);
create unique index ledger_entries_id_key on ledger_entries (id);
create index ledger_entries_member_idx on ledger_entries (company_id, member_id, program_id, id desc);
create index ledger_entries_cause_idx on ledger_entries (company_id, cause_type, cause_id);
-- An entry is reversed at most once.
create unique index ledger_entries_reverses_key on ledger_entries (company_id, reverses_id) where reverses_id is not null;

create table point_lots (
  company_id text not null references companies (id),
  id text not null,
  program_id text not null,
  member_id text not null,
  points bigint not null check (points > 0),
  remaining bigint not null check (remaining >= 0),
  available_at timestamptz not null,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (company_id, id)
);
create index point_lots_open_idx on point_lots (company_id, program_id, member_id, expires_at) where remaining > 0;
create index point_lots_expiry_idx on point_lots (expires_at) where remaining > 0 and expires_at is not null;

create table lot_allocations (
  company_id text not null,
  entry_id text not null,
  lot_id text not null,
  points bigint not null check (points > 0),
  primary key (company_id, entry_id, lot_id)
);

create table purchases (
  company_id text not null references companies (id),
  id text not null,
  program_id text not null,
  member_id text not null,
  receipt_number text not null,
  amount_minor bigint not null check (amount_minor >= 0),
  currency char(3) not null,
  items jsonb not null default '[]',
  location_id text,
  staff_id text,
  occurred_at timestamptz not null,
  points bigint not null,
  breakdown jsonb not null,
  fingerprint text not null,
  refunded_minor bigint not null default 0,
  points_returned bigint not null default 0,
  ledger_entry_id text,
  created_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, program_id, member_id) references enrollments (company_id, program_id, member_id)
);
create unique index purchases_id_key on purchases (id);
create unique index purchases_receipt_key on purchases (company_id, program_id, receipt_number);
create index purchases_member_idx on purchases (company_id, member_id, occurred_at desc);

create table purchase_returns (
  company_id text not null references companies (id),
  id text not null,
  purchase_id text not null,
  return_number text not null,
  amount_minor bigint not null check (amount_minor > 0),
  lines jsonb not null default '[]',
  points bigint not null,
  points_as_debt bigint not null default 0,
  fingerprint text not null,
  location_id text,
  occurred_at timestamptz not null,
  created_at timestamptz not null default now(),
  primary key (company_id, id)
);
create unique index purchase_returns_number_key on purchase_returns (company_id, purchase_id, return_number);

-- Bonus points awarded by a rule: caps per day/month, and idempotency of event rules by key.
create table rule_awards (
  company_id text not null,
  rule_id text not null,
  member_id text not null,
  award_key text not null,
  points bigint not null,
  ledger_entry_id text,
  awarded_at timestamptz not null,
  primary key (company_id, rule_id, member_id, award_key)
);
create index rule_awards_cap_idx on rule_awards (company_id, rule_id, member_id, awarded_at);

create table tier_changes (
  company_id text not null references companies (id),
  id text not null,
  program_id text not null,
  member_id text not null,
  from_tier_id text,
  to_tier_id text,
  reason text not null check (reason in ('purchase', 'return', 'schedule', 'manual')),
  actor_name text not null,
  occurred_at timestamptz not null,
  primary key (company_id, id)
);
create index tier_changes_member_idx on tier_changes (company_id, member_id, occurred_at desc);
