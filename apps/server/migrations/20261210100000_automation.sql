-- Issue 23: marketing automation. A scenario reacts to a trigger (a domain event or a scheduled
-- occasion) for one member; each (scenario, member, occurrence) runs at most once, which
-- automation_runs_occurrence_key (company_id first) enforces, whatever replays, restarts or second
-- workers do.

create table automation_scenarios (
  company_id text not null references companies (id),
  id text not null,
  name text not null,
  description text not null default '',
  program_id text,
  status text not null default 'paused' check (status in ('active', 'paused', 'archived')),
  -- the trigger's type, also inside `trigger`: the consumer looks scenarios up by it
  trigger_type text not null,
  trigger jsonb not null,
  conditions jsonb not null default '[]',
  actions jsonb not null,
  active_from timestamptz,
  active_until timestamptz,
  frequency_runs integer check (frequency_runs is null or frequency_runs > 0),
  frequency_days integer check (frequency_days is null or frequency_days > 0),
  template_key text,
  -- scheduled triggers are days in the company's time zone: the last day the scenario's members
  -- were walked, so the hourly job walks them once a day (a second walk would add nothing anyway:
  -- automation_runs_occurrence_key); a change of the scenario clears it
  scheduled_through date,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);
create index automation_scenarios_trigger_idx on automation_scenarios (company_id, trigger_type) where status = 'active';

create table automation_runs (
  company_id text not null references companies (id),
  id text not null,
  scenario_id text not null,
  member_id text not null,
  -- what happened, in the domain's words: purchase:<id>, birthday:2027, referral-success:<friend id>…
  occurrence_key text not null,
  trigger_type text not null,
  event_id text,
  trigger_data jsonb not null default '{}',
  -- the scenario's actions when the run started: a run finishes with them whatever edits follow
  actions jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'waiting', 'completed', 'skipped', 'failed')),
  reason text,
  -- [{index, type, outcome, detail, data, at}], one per action taken or refused
  steps jsonb not null default '[]',
  -- values later actions use: the voucher codes an issued reward brought
  context jsonb not null default '{}',
  next_action_index integer not null default 0,
  due_at timestamptz,
  attempts integer not null default 0,
  last_error text,
  points_given bigint not null default 0,
  messages_queued integer not null default 0,
  rewards_issued integer not null default 0,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (company_id, id)
);
-- Exactly once per occurrence.
create unique index automation_runs_occurrence_key on automation_runs (company_id, scenario_id, member_id, occurrence_key);
-- The executor's queue: runs to start or to continue after a wait. Not a key, and across companies
-- like campaigns_due_idx: the worker serves every company (ARCHITECTURE.md, "Data").
create index automation_runs_due_idx on automation_runs (due_at) where status in ('pending', 'waiting');
create index automation_runs_scenario_idx on automation_runs (company_id, scenario_id, id);
create index automation_runs_member_idx on automation_runs (company_id, member_id, id);

-- A reward automation gives (issue_reward) is a redemption for no points, without a ledger entry.
alter table redemptions drop constraint redemptions_points_check;
alter table redemptions add constraint redemptions_points_check check (points >= 0);
