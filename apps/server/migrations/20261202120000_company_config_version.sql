-- A purchase read its company, program, tiers and earning rules on every call: four statements
-- for rows that change a few times a year (bench finding 39). The company row now carries the
-- version of that configuration. Any change to the company, its programs, tiers or earning rules
-- takes a fresh number from a sequence: never reused, also when the change rolls back, so a
-- process may keep the configuration it read and use it for as long as the version it sees is
-- the one it read (modules/programs/program-config.ts). Triggers, so that no writer (a service,
-- a script, psql) can change the configuration without the version moving.
create sequence company_config_versions;
alter table companies add column config_version bigint not null default nextval('company_config_versions');

-- (single-quoted bodies on one line: migrations are split at semicolons that end a line)
create function company_config_changed() returns trigger language plpgsql
  as 'begin if new.config_version = old.config_version then new.config_version := nextval(''company_config_versions''); end if; return new; end';
create trigger company_config_changed before update on companies
  for each row execute function company_config_changed();

create function program_config_changed() returns trigger language plpgsql
  as 'begin update companies set config_version = nextval(''company_config_versions'') where id = coalesce(new.company_id, old.company_id); return null; end';
create trigger program_config_changed after insert or update or delete on programs
  for each row execute function program_config_changed();
create trigger tier_config_changed after insert or update or delete on tiers
  for each row execute function program_config_changed();
create trigger earning_rule_config_changed after insert or update or delete on earning_rules
  for each row execute function program_config_changed();
