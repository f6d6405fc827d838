-- A member's balance read summed their open lots on every call: at a million members that sum
-- was most of the read's cost (bench finding 36/37). Every write that changes a lot now stores
-- the sums on the enrollment with the interval in which they hold: from the moment they were
-- computed until the next moment time alone changes them (a pending lot becomes available, a lot
-- enters the expiring-soon window or expires). A read inside the interval touches one row; any
-- other read sums the lots as before. Null = not computed yet (the summary job fills them in).
alter table enrollments
  add column lots_available bigint,
  add column lots_pending bigint,
  add column lots_expiring bigint,
  add column lots_next_expiry_at timestamptz,
  add column lots_from timestamptz,
  add column lots_until timestamptz;
