-- Member portal (issue 21): what earning rules show to members, and members' privacy requests.

-- Each points definition has an icon shown to members beside its name and description: one of a
-- fixed set the portal draws (no upload: a rule is configured in seconds, and the set stays legible).
alter table earning_rules add column icon text not null default 'star'
  check (icon in ('star', 'cart', 'gift', 'cake', 'heart', 'megaphone', 'coffee', 'tag', 'calendar', 'trophy', 'users', 'bolt'));

-- A member's request to the company, made in the portal, for staff to act on (GDPR erasure).
-- The reason is the member's own words (scrubbed when the member is erased); the note is staff's.
create table privacy_requests (
  company_id text not null references companies (id),
  id text not null,
  member_id text not null,
  kind text not null check (kind in ('erasure')),
  status text not null default 'open' check (status in ('open', 'done', 'dismissed')),
  reason text not null default '',
  note text not null default '',
  created_at timestamptz not null default now(),
  handled_by text,
  handled_by_name text,
  handled_at timestamptz,
  primary key (company_id, id),
  foreign key (company_id, member_id) references members (company_id, id)
);
-- One open request of a kind per member: a second request while one is open answers the open one.
create unique index privacy_requests_open_key on privacy_requests (company_id, member_id, kind) where status = 'open';
create index privacy_requests_status_idx on privacy_requests (company_id, status, id desc);
