-- Member identity in the portal: sign-ups waiting for their e-mail to be verified, one-time codes
-- (sign-up, sign-in, password reset, card activation) and the attempts the rate limits count.

-- A sign-up becomes a member only when its e-mail is verified; until then it is only this row.
create table member_signups (
  company_id text not null,
  id text not null,
  email text not null,
  password_hash text not null,
  first_name text not null,
  last_name text not null,
  phone text,
  birthday date,
  language text not null check (language in ('pl', 'en')),
  -- [{ consentId, version, granted }] as the member saw them
  consents jsonb not null default '[]',
  custom_fields jsonb not null default '{}',
  referrer_id text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  completed_at timestamptz,
  primary key (company_id, id)
);
create index member_signups_email_idx on member_signups (company_id, lower(email));
create index member_signups_expires_idx on member_signups (expires_at);

-- One-time secrets sent to a member: a 6-digit code (HMAC-hashed with the code's id, so the table
-- alone does not give it away) and, for links, a random token (SHA-256). Only the newest code of a
-- purpose and address is usable; each takes MAX attempts, then it is spent.
create table member_auth_codes (
  company_id text not null,
  id text not null,
  purpose text not null check (purpose in ('signup', 'login', 'reset', 'activate')),
  -- the address the code went to, lowercased (e-mail, or the card number/e-mail typed for activation)
  identifier text not null,
  -- signup: the member_signups id; other purposes: the member id
  subject_id text not null,
  code_hash text not null,
  token_hash text,
  attempts int not null default 0,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  primary key (company_id, id)
);
create index member_auth_codes_identifier_idx on member_auth_codes (company_id, purpose, identifier, created_at);
create index member_auth_codes_token_idx on member_auth_codes (company_id, token_hash) where token_hash is not null;
create index member_auth_codes_expires_idx on member_auth_codes (expires_at);

-- What the member rate limits count: failed sign-ins and code checks, and codes sent, per address
-- (e-mail or card number) and per client address, within one company's portal.
create table member_auth_attempts (
  company_id text not null,
  id text not null,
  kind text not null check (kind in ('password', 'code', 'send')),
  identifier text not null,
  ip text not null,
  succeeded boolean not null,
  attempted_at timestamptz not null default now(),
  primary key (company_id, id)
);
create index member_auth_attempts_identifier_idx on member_auth_attempts (company_id, kind, identifier, attempted_at);
create index member_auth_attempts_ip_idx on member_auth_attempts (company_id, kind, ip, attempted_at);

-- Messages that carry a one-time secret (sign-in codes, verification links): the body is replaced
-- once the message is sent or has failed for good, so the delivery log never shows a usable code.
alter table message_deliveries add column redact_after_send boolean not null default false;
