-- Privacy (GDPR): erasure by pseudonymization and retention.

-- Consent history stays append-only, but erasure must be able to blank who-and-where (the client
-- address and the recorded name) of a member's decisions: an update that changes nothing else and
-- only empties those two columns is the one change allowed. Decisions themselves are never changed.
-- (single-quoted body on one line: migrations are split at semicolons that end a line)
create or replace function member_consent_events_append_only() returns trigger language plpgsql
  as 'begin if tg_op = ''UPDATE'' and new.ip is null and new.actor_name = '''' and (new.company_id, new.id, new.seq, new.member_id, new.consent_id, new.version, new.granted, new.source, new.actor_type, new.actor_id, new.occurred_at) is not distinct from (old.company_id, old.id, old.seq, old.member_id, old.consent_id, old.version, old.granted, old.source, old.actor_type, old.actor_id, old.occurred_at) then return new; end if; raise exception ''member_consent_events is append-only''; end';

-- The company's decision: members with no activity for this many months are erased by a
-- scheduled job; null = never (the default).
alter table companies add column inactive_member_erasure_months integer
  check (inactive_member_erasure_months between 1 and 240);
