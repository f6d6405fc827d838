-- No query looks ledger entries up by their cause: a purchase, a redemption and a return find
-- their entries through their own ledger_entry_id, a reversal through reverses_id. The index only
-- cost every ledger write (purchases, redemptions, expiry: one entry per expired lot) one more
-- index insert. A lookup by cause that is added later brings back the index it needs.
drop index ledger_entries_cause_idx;
