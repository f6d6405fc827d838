import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";
import type { DryRun, ScenarioInput } from "./automation.schemas.js";

export async function dryRunScenario(_opts: { db: Db; actor: Actor; input: ScenarioInput; now: Date }): Promise<DryRun> {
  throw new Error("not implemented yet");
}
