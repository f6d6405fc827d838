-- Members: the customer card. Search by card number and phone prefix uses the text_pattern_ops
-- indexes; name fragments use a trigram index on the folded search_name (pg_trgm, trusted since PostgreSQL 13).

create extension if not exists pg_trgm;

create table members (
  company_id text not null references companies (id),
  id text not null,
  card_number text not null,
  first_name text not null default '',
  last_name text not null default '',
  email text,
  phone text,
  birthday date,
  street text not null default '',
  postal_code text not null default '',
  city text not null default '',
  country char(2) not null default 'PL',
  gender text check (gender in ('female', 'male', 'other')),
  tags text[] not null default '{}',
  notes text not null default '',
  status text not null default 'active' check (status in ('active', 'blocked')),
  blocked_reason text,
  join_location_id text,
  referrer_id text,
  referral_code text not null,
  custom_fields jsonb not null default '{}',
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- pseudonymized on erasure (GDPR); the ledger keeps pointing at the row
  erased_at timestamptz,
  primary key (company_id, id)
);
create unique index members_id_key on members (id);
create unique index members_card_key on members (company_id, card_number);
create unique index members_referral_code_key on members (company_id, referral_code);
create unique index members_email_key on members (company_id, lower(email)) where email is not null;
create index members_card_prefix_idx on members (company_id, card_number text_pattern_ops);
create index members_phone_prefix_idx on members (company_id, phone text_pattern_ops) where phone is not null;
create index members_email_prefix_idx on members (company_id, lower(email) text_pattern_ops) where email is not null;
create index members_referrer_idx on members (company_id, referrer_id) where referrer_id is not null;
create index members_tags_idx on members using gin (tags);

-- Name search key: lower-cased and folded (Polish, German and Czech letters to ASCII) by the
-- database itself, so any writer keeps it right and "zolc" or "lukasz" find "Żółć" and "Łukasz".
-- translate() maps the upper-case letters too: lower() leaves them alone under the C locale.
-- The same mapping is SEARCH_FOLD_FROM/TO in modules/members/members.search.ts.
alter table members add column search_name text generated always as (
  translate(lower(first_name || ' ' || last_name),
    'ĄĆĘŁŃÓŚŹŻąćęłńóśźżÄÖÜäöüßÁÉÍÚÝáéíúýČĎĚŇŘŠŤŮŽčďěňřšťůž',
    'acelnoszzacelnoszzaouaousaeiuyaeiuycdenrstuzcdenrstuz')
) stored;
create index members_search_name_trgm_idx on members using gin (search_name gin_trgm_ops);
create index members_company_search_name_idx on members (company_id, search_name text_pattern_ops);
-- Filtering by custom field values (?field.<key>=<value>) is jsonb containment.
create index members_custom_fields_idx on members using gin (custom_fields jsonb_path_ops);
create index members_join_location_idx on members (company_id, join_location_id) where join_location_id is not null;
