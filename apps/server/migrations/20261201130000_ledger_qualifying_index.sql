-- What counts towards tiers, summed without reading the ledger's rows: the tier job sums a range
-- of members' entries of one program since the period start from this index alone (an index-only
-- scan over neighbouring pages instead of ~10 random heap pages per member), and so does the tier
-- evaluation of a single purchase. The included columns are those QUALIFYING_SUMS reads.
create index ledger_entries_qualifying_idx on ledger_entries (company_id, program_id, member_id, occurred_at)
  include (kind, cause_type, points, money_minor);
