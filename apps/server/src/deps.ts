import type { Config } from "./config.js";
import type { Db } from "./platform/db.js";

/** What route modules receive: built once at boot, passed down explicitly. */
export interface Deps {
  config: Config;
  db: Db;
}
