-- Messaging: each company's outbox settings (SMTP, SMS provider; secrets AES-256-GCM encrypted by
-- the application) and message_deliveries, which is both the sending queue and the delivery record.

create table message_settings (
  company_id text primary key references companies (id),
  email_enabled boolean not null default false,
  smtp_host text not null default '',
  smtp_port integer not null default 587 check (smtp_port between 1 and 65535),
  smtp_security text not null default 'starttls' check (smtp_security in ('tls', 'starttls', 'none')),
  smtp_username text not null default '',
  smtp_password_enc text,
  from_name text not null default '',
  from_email text,
  reply_to text,
  sms_provider text not null default 'none' check (sms_provider in ('none', 'log', 'smsapi', 'http')),
  sms_sender_name text not null default '',
  sms_token_enc text,
  smsapi_base_url text not null default 'https://api.smsapi.pl',
  sms_http_url text,
  sms_http_auth_header text,
  sms_http_body_template text,
  quiet_hours_start text check (quiet_hours_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  quiet_hours_end text check (quiet_hours_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  sms_normalize_polish boolean not null default false,
  updated_at timestamptz not null default now()
);

create table message_deliveries (
  company_id text not null references companies (id),
  id text not null,
  member_id text,
  channel text not null check (channel in ('email', 'sms')),
  kind text not null,
  purpose text,
  to_address text,
  subject text not null default '',
  html text not null default '',
  text text not null default '',
  unsubscribe_url text,
  program_id text,
  campaign_id text,
  dedupe_key text not null,
  status text not null check (status in ('queued', 'sending', 'sent', 'failed', 'skipped')),
  skip_reason text,
  attempts integer not null default 0,
  last_error text,
  provider_message_id text,
  provider_response text,
  next_attempt_at timestamptz,
  -- a claimed message ('sending') belongs to its worker until then; afterwards another may retry it
  lease_until timestamptz,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id),
  foreign key (company_id, member_id) references members (company_id, id)
);
-- Exactly once per occurrence: a second queueMessage with the same key is a no-op.
create unique index message_deliveries_dedupe_key on message_deliveries (company_id, dedupe_key);
-- The dispatcher scans all companies for due work, so these lead with the time.
create index message_deliveries_due_idx on message_deliveries (next_attempt_at) where status = 'queued';
create index message_deliveries_lease_idx on message_deliveries (lease_until) where status = 'sending';
create index message_deliveries_member_idx on message_deliveries (company_id, member_id, id desc) where member_id is not null;
create index message_deliveries_campaign_idx on message_deliveries (company_id, campaign_id, status) where campaign_id is not null;
