-- Issue 20 (security): staff are invited by e-mail with a one-time link instead of being given an
-- initial password; a password set by someone else (the CLI) must be changed at first sign-in.

alter table staff_accounts add column must_change_password boolean not null default false;

create table staff_invitations (
  company_id text not null references companies (id),
  id text not null,
  email text not null,
  role text not null,
  -- null = the role's permissions; otherwise the adjusted list of switches (as memberships)
  permissions text[],
  -- empty = all locations
  location_ids text[] not null default '{}',
  -- SHA-256 of the link's random secret; the secret itself is never stored
  token_hash text not null,
  invited_by text references staff_accounts (id),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_staff_id text references staff_accounts (id),
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);
-- The public accept page finds an invitation by its token alone (before any company is known);
-- a random 256-bit secret's hash needs no uniqueness check, so the index stays non-unique and
-- distributable.
create index staff_invitations_token_idx on staff_invitations (token_hash);
-- One open invitation per person and company: a second one is a resend.
create unique index staff_invitations_open_email_key on staff_invitations (company_id, lower(email))
  where accepted_at is null and revoked_at is null;
