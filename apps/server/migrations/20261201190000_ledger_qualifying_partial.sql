-- Only the entries that can count towards tiers (QUALIFYING_ENTRY in ledger.service: earnings, and
-- purchases and returns for spend) are in the tier sums' index. Expiry, spending and adjustments
-- no longer add to it, so expiring points or redeeming writes one index entry less per ledger
-- entry, and the tier job does not visit the heap for the entries a run of expiry has just written
-- (pages not yet marked all-visible by vacuum). The sums' queries repeat the predicate so that the
-- planner can use the index.
drop index ledger_entries_qualifying_idx;
create index ledger_entries_qualifying_idx on ledger_entries (company_id, program_id, member_id, occurred_at)
  include (kind, cause_type, points, money_minor) where kind = 'earn' or cause_type in ('purchase', 'return');
