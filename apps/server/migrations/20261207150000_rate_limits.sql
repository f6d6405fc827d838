-- Shared request counts of the API rate limits (platform/rate-limit.ts): one row per bucket (an API
-- key's id or a client address) and fixed window. Every web process adds its own counts in batches,
-- so a limit holds across processes. Not tenant data: an address belongs to no company, and a key's
-- bucket names only its id. Rows of past windows are deleted by the processes themselves.
create table rate_limit_hits (
  bucket text not null,
  window_start timestamptz not null,
  hits integer not null,
  primary key (bucket, window_start)
);

create index rate_limit_hits_window on rate_limit_hits (window_start);
