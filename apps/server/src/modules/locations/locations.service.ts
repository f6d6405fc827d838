import { type Actor, canAccessLocation } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, invalidField, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import type { Location, LocationInput, LocationPatch } from "./locations.schemas.js";

interface LocationRow {
  id: string;
  name: string;
  street: string;
  postal_code: string;
  city: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  phone: string | null;
  opening_hours: Location["openingHours"];
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

function toLocation(r: LocationRow): Location {
  return {
    id: r.id,
    name: r.name,
    address: { street: r.street, postalCode: r.postal_code, city: r.city, country: r.country },
    coordinates: r.latitude === null || r.longitude === null ? null : { latitude: r.latitude, longitude: r.longitude },
    phone: r.phone,
    openingHours: r.opening_hours,
    active: r.active,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Lists the locations the actor may see, newest first. */
export async function listLocations(opts: {
  db: Db;
  actor: Actor;
  limit: number;
  cursor?: string;
  q?: string;
  active?: boolean;
}): Promise<Location[]> {
  const { actor } = opts;
  const ids = actor.locationIds;
  const cursor = opts.cursor ?? null;
  const q = opts.q ?? null;
  const active = opts.active ?? null;
  const rows = await opts.db.query<LocationRow>(
    sql`select * from locations
         where company_id = ${actor.companyId}
           and (${ids}::text[] is null or id = any(${ids}::text[]))
           and (${cursor}::text is null or id < ${cursor})
           and (${q}::text is null or name ilike '%' || ${q}::text || '%' or city ilike '%' || ${q}::text || '%'
                or street ilike '%' || ${q}::text || '%')
           and (${active}::boolean is null or active = ${active})
         order by id desc
         limit ${opts.limit + 1}`,
  );
  return rows.map(toLocation);
}

/** Outside the actor's company or locations, a location does not exist for them. */
export async function getLocation(db: Queryable, actor: Actor, id: string): Promise<Location> {
  const [row] = await db.query<LocationRow>(sql`select * from locations where company_id = ${actor.companyId} and id = ${id}`);
  if (!row || !canAccessLocation(actor, id)) throw notFound("Location");
  return toLocation(row);
}

export async function createLocation(opts: { db: Db; actor: Actor; input: LocationInput }): Promise<Location> {
  const { actor, input } = opts;
  if (actor.locationIds !== null) throw new AppError("forbidden", "Your account is limited to chosen locations and cannot create new ones");
  return opts.db.transaction(async (tx) => {
    const [row] = await tx.query<LocationRow>(
      sql`insert into locations
            (company_id, id, name, street, postal_code, city, country, latitude, longitude, phone, opening_hours, active)
          values (${actor.companyId}, ${newId("loc")}, ${input.name}, ${input.address.street}, ${input.address.postalCode},
                  ${input.address.city}, ${input.address.country}, ${input.coordinates?.latitude ?? null},
                  ${input.coordinates?.longitude ?? null}, ${input.phone}, ${JSON.stringify(input.openingHours)}, ${input.active})
          returning *`,
    );
    const created = toLocation(row as LocationRow);
    await recordAudit(tx, actor, {
      action: "location.created",
      entityType: "location",
      entityId: created.id,
      changes: { name: created.name },
    });
    await emitEvent(tx, { companyId: actor.companyId, type: "location.created", entityType: "location", entityId: created.id });
    return created;
  });
}

export async function updateLocation(opts: { db: Db; actor: Actor; id: string; patch: LocationPatch }): Promise<Location> {
  const { actor, id, patch } = opts;
  return opts.db.transaction(async (tx) => {
    const before = await getLocation(tx, actor, id);
    const next = {
      ...before,
      ...patch,
      address: patch.address ?? before.address,
      coordinates: patch.coordinates === undefined ? before.coordinates : patch.coordinates,
    };
    const [row] = await tx.query<LocationRow>(
      sql`update locations
             set name = ${next.name}, street = ${next.address.street}, postal_code = ${next.address.postalCode},
                 city = ${next.address.city}, country = ${next.address.country}, latitude = ${next.coordinates?.latitude ?? null},
                 longitude = ${next.coordinates?.longitude ?? null}, phone = ${next.phone},
                 opening_hours = ${JSON.stringify(next.openingHours)}, active = ${next.active}, updated_at = now()
           where company_id = ${actor.companyId} and id = ${id}
       returning *`,
    );
    const after = toLocation(row as LocationRow);
    const changes = diff(before, after);
    delete changes.updatedAt;
    await recordAudit(tx, actor, { action: "location.updated", entityType: "location", entityId: id, changes });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "location.updated",
      entityType: "location",
      entityId: id,
      payload: { fields: Object.keys(changes) },
    });
    return after;
  });
}

/** For other modules: every id must be a location of this company. */
export async function assertLocationsExist(db: Queryable, companyId: string, ids: readonly string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db.query<{ id: string }>(sql`select id from locations where company_id = ${companyId} and id = any(${[...ids]})`);
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw invalidField(field, "unknown_locations", { names: missing.join(", ") });
}

/** Locations' names by id (every location of the company, also inactive ones): for lists that name where something happened. */
export async function locationNames(db: Queryable, companyId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.query<{ id: string; name: string }>(
    sql`select id, name from locations where company_id = ${companyId} and id = any(${unique}::text[])`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The company's active locations by name, for members (the portal's points of sale). */
export async function activeLocationsOf(db: Queryable, companyId: string): Promise<Location[]> {
  const rows = await db.query<LocationRow>(
    sql`select * from locations where company_id = ${companyId} and active order by name, id limit 500`,
  );
  return rows.map(toLocation);
}
