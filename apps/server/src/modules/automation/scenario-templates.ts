import type { z } from "zod";
import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";
import type { scenarioTemplate } from "./automation.schemas.js";

export async function scenarioTemplates(_opts: {
  db: Db;
  actor: Actor;
  language?: "pl" | "en";
}): Promise<z.infer<typeof scenarioTemplate>[]> {
  throw new Error("not implemented yet");
}
