import type { Actor } from "../../platform/actor.js";
import type { Db, Queryable } from "../../platform/db.js";
import type { Scenario, ScenarioInput, ScenarioPatch } from "./automation.schemas.js";

export async function listScenarios(_opts: {
  db: Db;
  actor: Actor;
  status?: string;
  trigger?: string;
  limit: number;
  cursor?: string;
}): Promise<{ data: Scenario[]; nextCursor: string | null }> {
  throw new Error("not implemented yet");
}
export async function getScenario(_db: Queryable, _companyId: string, _id: string): Promise<Scenario> {
  throw new Error("not implemented yet");
}
export async function createScenario(_opts: { db: Db; actor: Actor; input: ScenarioInput; now: Date }): Promise<Scenario> {
  throw new Error("not implemented yet");
}
export async function updateScenario(_opts: {
  db: Db;
  actor: Actor;
  scenarioId: string;
  patch: ScenarioPatch;
  now: Date;
}): Promise<Scenario> {
  throw new Error("not implemented yet");
}
export async function archiveScenario(_opts: { db: Db; actor: Actor; scenarioId: string; now: Date }): Promise<void> {
  throw new Error("not implemented yet");
}
