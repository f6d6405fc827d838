import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams, page, toPage } from "../../platform/http.js";
import { location, locationInput, locationPatch, locationQuery } from "./locations.schemas.js";
import { createLocation, getLocation, listLocations, updateLocation } from "./locations.service.js";

const tags = ["Locations"];

export function registerLocationRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/locations",
    {
      config: { access: "locations.read" },
      schema: {
        tags,
        summary: "Locations (points of sale), newest first; filter by text (`q`) and `active`",
        querystring: locationQuery,
        response: { 200: page(location), ...authErrors },
      },
    },
    async (req) => toPage(await listLocations({ db, actor: actorOf(req), ...req.query }), req.query.limit),
  );

  app.get(
    "/api/v1/locations/:id",
    {
      config: { access: "locations.read" },
      schema: { tags, summary: "One location", params: idParams, response: { 200: location, 404: errorResponse, ...authErrors } },
    },
    async (req) => getLocation(db, actorOf(req), req.params.id),
  );

  app.post(
    "/api/v1/locations",
    {
      config: { access: "locations.write" },
      schema: { tags, summary: "Create a location", body: locationInput, response: { 201: location, ...authErrors } },
    },
    async (req, reply) => reply.code(201).send(await createLocation({ db, actor: actorOf(req), input: req.body })),
  );

  app.patch(
    "/api/v1/locations/:id",
    {
      config: { access: "locations.write" },
      schema: {
        tags,
        summary: "Update a location; set `active: false` to retire it (history keeps referring to it)",
        params: idParams,
        body: locationPatch,
        response: { 200: location, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => updateLocation({ db, actor: actorOf(req), id: req.params.id, patch: req.body }),
  );
}
