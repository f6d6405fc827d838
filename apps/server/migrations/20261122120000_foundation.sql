-- Foundation: companies, staff and their memberships, locations, sessions, API keys, audit log,
-- the domain-event outbox and stored media. Every tenant-owned table carries company_id and leads
-- its keys with it, so tables can later be distributed by company.

create table companies (
  id text primary key,
  slug text not null unique,
  name text not null,
  description text not null default '',
  logo_media_id text,
  currency char(3) not null default 'PLN',
  time_zone text not null default 'Europe/Warsaw',
  language text not null default 'pl' check (language in ('pl', 'en')),
  dpo_email text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table staff_accounts (
  id text primary key,
  email text not null,
  name text not null,
  password_hash text not null,
  language text not null default 'pl' check (language in ('pl', 'en')),
  is_operator boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  password_changed_at timestamptz not null default now()
);
create unique index staff_accounts_email_key on staff_accounts (lower(email));

create table memberships (
  company_id text not null references companies (id),
  staff_id text not null references staff_accounts (id),
  role text not null,
  -- null = the role's permissions; otherwise the adjusted list of switches
  permissions text[],
  -- empty = all locations
  location_ids text[] not null default '{}',
  created_at timestamptz not null default now(),
  primary key (company_id, staff_id)
);
create index memberships_staff_idx on memberships (staff_id);

create table locations (
  company_id text not null references companies (id),
  id text not null,
  name text not null,
  street text not null default '',
  postal_code text not null default '',
  city text not null default '',
  country char(2) not null default 'PL',
  latitude double precision,
  longitude double precision,
  phone text,
  opening_hours jsonb not null default '[]',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);
create unique index locations_id_key on locations (id);

create table sessions (
  token_hash text primary key,
  id text not null unique,
  staff_id text not null references staff_accounts (id),
  company_id text references companies (id),
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_staff_idx on sessions (staff_id);
create index sessions_expires_idx on sessions (expires_at);

create table login_attempts (
  id bigserial primary key,
  email text not null,
  ip text not null,
  succeeded boolean not null,
  attempted_at timestamptz not null default now()
);
create index login_attempts_email_idx on login_attempts (lower(email), attempted_at);
create index login_attempts_ip_idx on login_attempts (ip, attempted_at);

create table api_keys (
  company_id text not null references companies (id),
  id text not null,
  name text not null,
  prefix text not null,
  secret_hash text not null unique,
  scopes text[] not null,
  created_by text references staff_accounts (id),
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (company_id, id)
);
create unique index api_keys_id_key on api_keys (id);

create table audit_log (
  company_id text not null references companies (id),
  id text not null,
  occurred_at timestamptz not null default now(),
  actor_type text not null check (actor_type in ('staff', 'api_key', 'system')),
  actor_id text,
  actor_name text not null,
  ip text,
  request_id text,
  action text not null,
  entity_type text not null,
  entity_id text,
  changes jsonb not null default '{}',
  primary key (company_id, id)
);
create index audit_log_company_time_idx on audit_log (company_id, id desc);
create index audit_log_entity_idx on audit_log (company_id, entity_type, entity_id);

create table events (
  seq bigserial primary key,
  id text not null unique,
  company_id text not null references companies (id),
  type text not null,
  entity_type text not null,
  entity_id text,
  payload jsonb not null default '{}',
  occurred_at timestamptz not null default now()
);
create index events_company_idx on events (company_id, seq);

-- One row per (consumer, event) handled: the unique key makes consumption idempotent.
create table event_consumptions (
  consumer text not null,
  event_seq bigint not null references events (seq),
  consumed_at timestamptz not null default now(),
  primary key (consumer, event_seq)
);

-- Per consumer, every event at or below low_seq has been consumed; scans start above it.
create table event_consumers (
  consumer text primary key,
  low_seq bigint not null default 0
);

create table media (
  company_id text not null references companies (id),
  id text not null,
  content_type text not null,
  byte_size integer not null,
  width integer,
  height integer,
  data bytea not null,
  created_by text,
  created_at timestamptz not null default now(),
  primary key (company_id, id)
);
create unique index media_id_key on media (id);
