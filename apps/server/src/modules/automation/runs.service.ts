import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";
import type { AutomationRun } from "./automation.schemas.js";

export async function listRuns(_opts: {
  db: Db;
  actor: Actor;
  scenarioId?: string;
  memberId?: string;
  status?: string;
  limit: number;
  cursor?: string;
}): Promise<{ data: AutomationRun[]; nextCursor: string | null }> {
  throw new Error("not implemented yet");
}
