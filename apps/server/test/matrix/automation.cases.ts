import { call, unique } from "../harness.js";
import type { MatrixModule, RouteCase } from "./types.js";

let scenarioId = "";
let toArchiveId = "";
const secretName = unique("Matrix scenario ");

const scenario = (name: string) => ({
  name,
  trigger: { type: "custom_event", name: "matrix-nothing-posts-this" },
  actions: [{ type: "add_points", points: 1, reason: "matrix" }],
});

const read = (url: () => string, otherCompany: RouteCase["otherCompany"] = 404): Omit<RouteCase, "route"> => ({
  call: () => ({ method: "GET", url: url() }),
  permission: "automation.read",
  otherCompany,
  ok: 200,
});

export const automationRoutes: MatrixModule = {
  name: "automation",
  secrets: () => [scenarioId, secretName],
  async setup({ ctx, a }) {
    const create = async (name: string) => {
      const res = await call(ctx, { method: "POST", url: "/api/v1/automation/scenarios", auth: a.owner, body: scenario(name) });
      if (res.statusCode !== 201) throw new Error(`scenario: ${res.body}`);
      return res.data.id as string;
    };
    scenarioId = await create(secretName);
    toArchiveId = await create("to archive");
  },
  cases: [
    { route: "GET /api/v1/automation/scenarios", ...read(() => "/api/v1/automation/scenarios", "own") },
    { route: "GET /api/v1/automation/scenarios/:id", ...read(() => `/api/v1/automation/scenarios/${scenarioId}`) },
    {
      route: "POST /api/v1/automation/scenarios",
      call: () => ({ method: "POST", url: "/api/v1/automation/scenarios", body: scenario("created by the matrix") }),
      permission: "automation.write",
      otherCompany: "own",
      ok: 201,
    },
    {
      route: "PATCH /api/v1/automation/scenarios/:id",
      call: () => ({ method: "PATCH", url: `/api/v1/automation/scenarios/${scenarioId}`, body: { description: "changed" } }),
      permission: "automation.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "DELETE /api/v1/automation/scenarios/:id",
      call: () => ({ method: "DELETE", url: `/api/v1/automation/scenarios/${toArchiveId}` }),
      permission: "automation.write",
      otherCompany: 404,
      ok: 204,
    },
    {
      route: "POST /api/v1/automation/dry-run",
      call: () => ({ method: "POST", url: "/api/v1/automation/dry-run", body: scenario("dry") }),
      permission: "automation.read",
      otherCompany: "own",
      ok: 200,
    },
    { route: "GET /api/v1/automation/runs", ...read(() => `/api/v1/automation/runs?scenarioId=${scenarioId}`, "own") },
    { route: "GET /api/v1/automation/templates", ...read(() => "/api/v1/automation/templates", "own") },
  ],
};
