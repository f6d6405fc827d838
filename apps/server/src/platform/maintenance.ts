import type { Db } from "./db.js";
import { sql } from "./sql.js";

/**
 * Autovacuum's work, for the embedded database. PGlite runs PostgreSQL in single-user mode, where
 * no autovacuum worker ever starts: without this no table would be analysed (the planner would
 * guess every selectivity), nor vacuumed (the dead rows of every update, an enrollment's on each
 * purchase or pg-boss's job rows, would pile up, and no page would ever be marked all-visible, so
 * index-only scans such as the balance's lot sums would fetch every row from the heap anyway).
 * A PostgreSQL server has its own autovacuum; this is registered only for PGlite (bench finding 35).
 *
 * The thresholds are autovacuum's defaults (PostgreSQL 15): a table is vacuumed when its dead rows,
 * or the rows inserted since its last vacuum, pass a base plus a fifth of its size, and analysed
 * when the rows changed since its last analysis pass 50 plus a tenth of its size.
 */
const VACUUM_BASE = 50;
const VACUUM_INSERT_BASE = 1000;
const VACUUM_SCALE = 0.2;
const ANALYZE_BASE = 50;
const ANALYZE_SCALE = 0.1;

export interface MaintenanceDone {
  vacuumed: string[];
  analyzed: string[];
}

/** Vacuums and analyses, one table per statement, the tables autovacuum would now choose. */
export async function maintainTables(db: Db): Promise<MaintenanceDone> {
  // A session publishes its table counters at most once a second, when it goes idle: without this
  // the changes of the last second would not be counted yet.
  await db.query(sql`select pg_stat_force_next_flush()`);
  const tables = await db.query<{ name: string; needs_vacuum: boolean; needs_analyze: boolean }>(
    sql`select * from (
          select format('%I.%I', s.schemaname, s.relname) as name,
                 s.n_dead_tup > ${VACUUM_BASE} + ${VACUUM_SCALE} * greatest(c.reltuples, 0)
                   or s.n_ins_since_vacuum > ${VACUUM_INSERT_BASE} + ${VACUUM_SCALE} * greatest(c.reltuples, 0) as needs_vacuum,
                 s.n_mod_since_analyze > ${ANALYZE_BASE} + ${ANALYZE_SCALE} * greatest(c.reltuples, 0) as needs_analyze
            from pg_stat_user_tables s join pg_class c on c.oid = s.relid) t
         where needs_vacuum or needs_analyze
         order by name`,
  );
  // One statement per table: each is a turn of the single session, so requests get theirs between.
  for (const t of tables) await db.exec(`${t.needs_vacuum ? `vacuum${t.needs_analyze ? " (analyze)" : ""}` : "analyze"} ${t.name}`);
  return {
    vacuumed: tables.filter((t) => t.needs_vacuum).map((t) => t.name),
    analyzed: tables.filter((t) => t.needs_analyze).map((t) => t.name),
  };
}
