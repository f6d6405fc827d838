-- A member's open lots, summed without reading the lots' rows: the balance read (and the balance
-- a purchase answers with) sums remaining points by availability and expiry from this index alone,
-- an index-only scan of neighbouring entries instead of one random heap page per lot (≈10 per
-- member at 1M members). Same key and predicate as before; the included columns are the ones those
-- sums read. Spending still locks the lots it takes from through the same index.
drop index point_lots_open_idx;
create index point_lots_open_idx on point_lots (company_id, program_id, member_id, expires_at)
  include (remaining, available_at) where remaining > 0;
