import type { Config } from "./config.js";
import type { Db } from "./platform/db.js";

/** The time source of everything time-dependent (pending points, expiry, programs' dates). */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** What route modules receive: built once at boot, passed down explicitly. */
export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
}
