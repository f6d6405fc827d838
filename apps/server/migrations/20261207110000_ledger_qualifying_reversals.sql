-- A reversed earning (welcome points, event or bonus points taken back with a reversing entry) no
-- longer counts towards tiers, as a return takes back a purchase's: the tier sums now read the
-- reversals too (QUALIFYING_ENTRY in modules/ledger/qualifying.ts). reverses_id is included so
-- that the sums stay an index-only scan; they look up the reversed entry's kind by it (reversals
-- are rare: one probe of ledger_entries_id_key each).
drop index ledger_entries_qualifying_idx;
create index ledger_entries_qualifying_idx on ledger_entries (company_id, program_id, member_id, occurred_at)
  include (kind, cause_type, points, money_minor, reverses_id) where kind = 'earn' or cause_type in ('purchase', 'return', 'reversal');
