-- The member side's foundation: the member's language, member credentials and sessions (never a
-- staff session), and the company's portal switch. Later migrations add the portal's layout
-- columns, pages, sign-up codes and push subscriptions.

alter table members add column language text not null default 'pl' check (language in ('pl', 'en'));

-- A member who can sign in to the portal. No row: a card staff created and nobody claimed yet.
create table member_credentials (
  company_id text not null,
  member_id text not null,
  -- null: signs in only with e-mailed one-time codes
  password_hash text,
  email_verified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, member_id),
  foreign key (company_id, member_id) references members (company_id, id)
);

-- Only the SHA-256 hash of the cookie's random token is stored. A session belongs to one company:
-- the portal's path names it, and the lookup leads with it.
create table member_sessions (
  company_id text not null,
  id text not null,
  member_id text not null,
  token_hash text not null,
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (company_id, id),
  foreign key (company_id, member_id) references members (company_id, id)
);
create unique index member_sessions_token_key on member_sessions (company_id, token_hash);
create index member_sessions_member_idx on member_sessions (company_id, member_id);
create index member_sessions_expires_idx on member_sessions (expires_at);

-- The portal is on unless the company switches it off: links in messages already point at it.
create table portal_settings (
  company_id text primary key references companies (id),
  enabled boolean not null default true,
  -- the company's own domain for the portal (the operator's reverse proxy terminates TLS)
  custom_domain text,
  updated_at timestamptz not null default now()
);
-- Requests on an own domain find their company by host before any company is known.
create unique index portal_settings_custom_domain_key on portal_settings (lower(custom_domain)) where custom_domain is not null;

-- A member acting in the portal (a redemption, a consent) is recorded as the actor.
alter table audit_log drop constraint audit_log_actor_type_check;
alter table audit_log add constraint audit_log_actor_type_check check (actor_type in ('staff', 'api_key', 'system', 'member'));
