import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { App } from "./http.js";

export const ADMIN_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../admin/dist");

/** Serves the built admin SPA under /admin, with client-side routes falling back to index.html. */
export async function registerAdminUi(app: App): Promise<void> {
  app.get("/", { config: { access: "public" }, schema: { hide: true } }, (_req, reply) => reply.redirect("/admin/"));
  if (!existsSync(path.join(ADMIN_DIST, "index.html"))) {
    app.get("/admin/*", { config: { access: "public" }, schema: { hide: true } }, (_req, reply) =>
      reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("The admin panel is not built. Run `npm run build` (npm start does this for you)."),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: ADMIN_DIST,
    prefix: "/admin/",
    wildcard: false,
    index: ["index.html"],
  });
  const spa = (_req: unknown, reply: { sendFile: (f: string) => unknown }) => reply.sendFile("index.html");
  app.get("/admin", { config: { access: "public" }, schema: { hide: true } }, spa as never);
  app.get("/admin/*", { config: { access: "public" }, schema: { hide: true } }, spa as never);
}
