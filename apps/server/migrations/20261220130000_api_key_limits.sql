-- Issue 24: a rate limit per API key, and its usage per hour.

-- Requests per minute this key may make; null = the installation's RATE_LIMIT_PER_KEY.
alter table api_keys add column rate_limit_per_minute integer
  check (rate_limit_per_minute is null or rate_limit_per_minute between 1 and 1000000);

-- Requests made with a key, per hour: counted in each web process's memory and added here in
-- batches (platform/api-key-usage.ts), never a write per request. Kept 90 days.
create table api_key_usage (
  company_id text not null references companies (id),
  key_id text not null,
  hour timestamptz not null,
  requests integer not null default 0,
  client_errors integer not null default 0,
  server_errors integer not null default 0,
  refused integer not null default 0,
  primary key (company_id, key_id, hour),
  foreign key (company_id, key_id) references api_keys (company_id, id)
);

create index api_key_usage_hour on api_key_usage (hour);
