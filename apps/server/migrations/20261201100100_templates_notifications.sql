-- Message templates (e-mail: subject, HTML body, plain text written or generated; SMS: text) and
-- each program's automatic notifications. A notification that was never saved has no row: the
-- defaults in the company's language apply.

create table message_templates (
  company_id text not null references companies (id),
  id text not null,
  name text not null,
  channel text not null check (channel in ('email', 'sms')),
  subject text not null default '',
  html text not null default '',
  text text not null default '',
  text_mode text not null default 'auto' check (text_mode in ('auto', 'custom')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);
create unique index message_templates_id_key on message_templates (id);

create table program_notifications (
  company_id text not null,
  program_id text not null,
  kind text not null check (kind in ('welcome', 'points_earned', 'points_spent', 'points_returned', 'points_expiring',
                                     'tier_changed', 'reward_issued', 'redemption_cancelled')),
  enabled boolean not null default false,
  days_before integer check (days_before between 1 and 365),
  -- { email: { enabled, purpose, subject, html, text, textMode }, sms: { enabled, purpose, text } }
  settings jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (company_id, program_id, kind),
  foreign key (company_id, program_id) references programs (company_id, id)
);
-- The expiring-points reminder scans enabled reminders of all companies.
create index program_notifications_enabled_idx on program_notifications (kind) where enabled;
