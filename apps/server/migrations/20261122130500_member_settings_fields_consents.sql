-- Member settings (card number pattern), custom field definitions, consent definitions with
-- versioned texts, and the append-only log of members' consent decisions.

create table member_settings (
  company_id text primary key references companies (id),
  card_number_prefix text not null default '' check (card_number_prefix ~ '^[A-Z0-9]{0,10}$'),
  card_number_digits int not null default 10 check (card_number_digits between 6 and 16),
  card_number_check_digit boolean not null default true,
  updated_at timestamptz not null default now()
);

create table custom_field_definitions (
  company_id text not null references companies (id),
  id text not null,
  key text not null,
  label text not null,
  type text not null check (type in ('text', 'number', 'date', 'choice', 'multi_choice', 'boolean')),
  options text[] not null default '{}',
  required boolean not null default false,
  visible_to_member boolean not null default false,
  position int not null default 0,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);
create unique index custom_field_definitions_id_key on custom_field_definitions (id);
create unique index custom_field_definitions_key_key on custom_field_definitions (company_id, key);

create table consent_definitions (
  company_id text not null references companies (id),
  id text not null,
  key text not null,
  name text not null,
  purpose text not null check (purpose in ('direct_marketing', 'newsletter', 'commercial_information', 'profiling',
    'sms_marketing', 'push_notifications', 'other')),
  channel text not null check (channel in ('email', 'sms', 'push', 'phone', 'any')),
  active boolean not null default true,
  current_version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);
create unique index consent_definitions_id_key on consent_definitions (id);
create unique index consent_definitions_key_key on consent_definitions (company_id, key);

create table consent_versions (
  company_id text not null,
  consent_id text not null,
  version int not null,
  text text not null,
  created_by text,
  created_at timestamptz not null default now(),
  primary key (company_id, consent_id, version),
  foreign key (company_id, consent_id) references consent_definitions (company_id, id)
);

-- Every grant and withdrawal, never updated or deleted (a trigger refuses both).
create table member_consent_events (
  company_id text not null,
  id text not null,
  seq bigint generated always as identity,
  member_id text not null,
  consent_id text not null,
  version int not null,
  granted boolean not null,
  source text not null check (source in ('admin', 'portal', 'api', 'import', 'unsubscribe')),
  actor_type text not null,
  actor_id text,
  actor_name text not null default '',
  ip text,
  occurred_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, member_id) references members (company_id, id),
  foreign key (company_id, consent_id, version) references consent_versions (company_id, consent_id, version)
);
create index member_consent_events_member_idx on member_consent_events (company_id, member_id, consent_id, seq desc);

-- (single-quoted body on one line: migrations are split at semicolons that end a line)
create function member_consent_events_append_only() returns trigger language plpgsql
  as 'begin raise exception ''member_consent_events is append-only''; end';
create trigger member_consent_events_append_only before update or delete on member_consent_events
  for each row execute function member_consent_events_append_only();
