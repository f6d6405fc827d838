-- Campaigns: a one-off message to the members an audience filter selects. Recipients are not
-- stored here: the worker walks the audience in member-id order (materialized_after is its
-- cursor) and queues one message_deliveries row per member, which are also the results.

create table campaigns (
  company_id text not null references companies (id),
  id text not null,
  name text not null,
  channel text not null check (channel in ('email', 'sms')),
  purpose text not null check (purpose in ('direct_marketing', 'newsletter', 'commercial_information', 'profiling',
    'sms_marketing', 'push_notifications', 'other')),
  subject text not null default '',
  html text not null default '',
  text text not null default '',
  audience jsonb not null default '{}',
  throttle_per_minute integer check (throttle_per_minute is null or throttle_per_minute > 0),
  status text not null default 'draft' check (status in ('draft', 'scheduled', 'sending', 'sent', 'cancelled')),
  scheduled_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  -- worker progress: members up to this id have been queued; true once the audience is exhausted
  materialized_after text,
  materialized boolean not null default false,
  queued_count integer not null default 0,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);
-- The worker looks for due campaigns across companies.
create index campaigns_due_idx on campaigns (scheduled_at) where status in ('scheduled', 'sending');
