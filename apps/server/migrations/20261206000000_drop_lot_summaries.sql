-- The lot summary stored on enrollments (20261202100000) is removed: measured over HTTP it made
-- balance reads 8 % (PostgreSQL) and 5 % (PGlite) faster, under the 15 % that would pay for its
-- costs (six columns written by every credit and debit, an hourly job, a verification path).
-- Balances sum the open lots again (bench/README.md, decision record "Lot summaries: removed").
alter table enrollments
  drop column lots_available,
  drop column lots_pending,
  drop column lots_expiring,
  drop column lots_next_expiry_at,
  drop column lots_from,
  drop column lots_until;

-- Its hourly job is gone too: pg-boss (schema pgboss, created at the first start) would otherwise
-- keep queueing it with no worker for it.
do $$
begin
  if exists (select 1 from information_schema.tables where table_schema = 'pgboss' and table_name = 'schedule') then
    delete from pgboss.schedule where name = 'points-refresh-summaries';
  end if;
end $$;
