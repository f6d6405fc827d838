import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, type ErrorDetail, invalidField, invalidFields, isUniqueViolation, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import type { FieldErrorCode, FieldErrorParams } from "../../platform/field-errors.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { CHOICE_TYPES, type CustomField, type CustomFieldInput, type CustomFieldPatch } from "./custom-fields.schemas.js";

interface CustomFieldRow {
  id: string;
  key: string;
  label: string;
  type: CustomField["type"];
  options: string[];
  required: boolean;
  visible_to_member: boolean;
  position: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

function toCustomField(r: CustomFieldRow): CustomField {
  return {
    id: r.id,
    key: r.key,
    label: r.label,
    type: r.type,
    options: r.options,
    required: r.required,
    visibleToMember: r.visible_to_member,
    position: r.position,
    active: r.active,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function listCustomFields(opts: { db: Queryable; companyId: string; active?: boolean }): Promise<CustomField[]> {
  const active = opts.active ?? null;
  const rows = await opts.db.query<CustomFieldRow>(
    sql`select * from custom_field_definitions
         where company_id = ${opts.companyId} and (${active}::boolean is null or active = ${active})
         order by position, key`,
  );
  return rows.map(toCustomField);
}

async function getCustomField(db: Queryable, companyId: string, id: string): Promise<CustomField> {
  const [row] = await db.query<CustomFieldRow>(sql`select * from custom_field_definitions where company_id = ${companyId} and id = ${id}`);
  if (!row) throw notFound("Custom field");
  return toCustomField(row);
}

export async function createCustomField(opts: { db: Db; actor: Actor; input: CustomFieldInput }): Promise<CustomField> {
  const { actor, input } = opts;
  return opts.db.transaction(async (tx) => {
    let row: CustomFieldRow | undefined;
    try {
      [row] = await tx.query<CustomFieldRow>(
        sql`insert into custom_field_definitions (company_id, id, key, label, type, options, required, visible_to_member, position, active)
            values (${actor.companyId}, ${newId("cfd")}, ${input.key}, ${input.label}, ${input.type}, ${input.options}, ${input.required},
                    ${input.visibleToMember}, ${input.position}, ${input.active})
            returning *`,
      );
    } catch (err) {
      if (isUniqueViolation(err, "custom_field_definitions_key_key"))
        throw new AppError("already_exists", `key: a custom field "${input.key}" exists`, [detail("key", "taken")]);
      throw err;
    }
    const created = toCustomField(row as CustomFieldRow);
    await recordAudit(tx, actor, {
      action: "custom_field.created",
      entityType: "custom_field",
      entityId: created.id,
      changes: { key: created.key, type: created.type, label: created.label },
    });
    await emitEvent(tx, { companyId: actor.companyId, type: "custom_field.created", entityType: "custom_field", entityId: created.id });
    return created;
  });
}

/**
 * Changes label, options, flags or position. Removing an option does not touch members: values
 * they hold stay until someone edits them (and must then pick a listed option).
 */
export async function updateCustomField(opts: { db: Db; actor: Actor; id: string; patch: CustomFieldPatch }): Promise<CustomField> {
  const { actor, id, patch } = opts;
  return opts.db.transaction(async (tx) => {
    const before = await getCustomField(tx, actor.companyId, id);
    const choice = CHOICE_TYPES.includes(before.type);
    if (patch.options !== undefined) {
      if (!choice && patch.options.length > 0) throw invalidField("options", "only_choice_options");
      if (choice && patch.options.length === 0) throw invalidField("options", "choice_needs_options");
    }
    const [row] = await tx.query<CustomFieldRow>(
      sql`update custom_field_definitions
             set label = coalesce(${patch.label ?? null}, label), options = coalesce(${patch.options ?? null}, options),
                 required = coalesce(${patch.required ?? null}, required),
                 visible_to_member = coalesce(${patch.visibleToMember ?? null}, visible_to_member),
                 position = coalesce(${patch.position ?? null}, position), active = coalesce(${patch.active ?? null}, active),
                 updated_at = now()
           where company_id = ${actor.companyId} and id = ${id}
       returning *`,
    );
    const after = toCustomField(row as CustomFieldRow);
    const changes = diff(before, after);
    delete changes.updatedAt;
    await recordAudit(tx, actor, { action: "custom_field.updated", entityType: "custom_field", entityId: id, changes });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "custom_field.updated",
      entityType: "custom_field",
      entityId: id,
      payload: { fields: Object.keys(changes) },
    });
    return after;
  });
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** One value against its definition: the normalized value, or the message why it does not fit. */
function checkValue(
  def: CustomField,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; code: FieldErrorCode; params?: FieldErrorParams } {
  switch (def.type) {
    case "text": {
      if (typeof value !== "string") return { ok: false, code: "must_be_text" };
      const text = value.trim();
      if (text.length > 1000) return { ok: false, code: "too_long", params: { max: 1000 } };
      return { ok: true, value: text === "" ? null : text };
    }
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return { ok: false, code: "must_be_number" };
      return { ok: true, value };
    case "date":
      if (typeof value !== "string" || !isIsoDate(value)) return { ok: false, code: "date" };
      return { ok: true, value };
    case "boolean":
      if (typeof value !== "boolean") return { ok: false, code: "must_be_boolean" };
      return { ok: true, value };
    case "choice":
      if (typeof value !== "string" || !def.options.includes(value))
        return { ok: false, code: "invalid_option", params: { options: def.options.join(", ") } };
      return { ok: true, value };
    case "multi_choice": {
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) return { ok: false, code: "must_be_option_list" };
      const unknown = value.filter((v) => !def.options.includes(v));
      if (unknown.length > 0)
        return { ok: false, code: "unknown_options", params: { names: unknown.join(", "), options: def.options.join(", ") } };
      const picked = [...new Set(value as string[])];
      return { ok: true, value: picked.length === 0 ? null : picked };
    }
  }
}

/**
 * Checks values keyed by custom field key against the company's active definitions and returns
 * them normalized. A null value (or empty text / empty list) means "clear" and stays null for the
 * caller to drop. requireAll: every required field must have a value. Throws validation_failed
 * with one detail per bad key at `customFields.<key>`.
 */
export async function validateCustomFieldValues(
  db: Queryable,
  companyId: string,
  values: Record<string, unknown>,
  opts: { requireAll: boolean },
): Promise<Record<string, unknown>> {
  const defs = new Map((await listCustomFields({ db, companyId, active: true })).map((d) => [d.key, d]));
  const out: Record<string, unknown> = {};
  const details: ErrorDetail[] = [];
  for (const [key, raw] of Object.entries(values)) {
    const def = defs.get(key);
    if (!def) {
      details.push(detail(`customFields.${key}`, "not_company_custom_field"));
      continue;
    }
    if (raw === null || raw === undefined) {
      out[key] = null;
      continue;
    }
    const checked = checkValue(def, raw);
    if (checked.ok) out[key] = checked.value;
    else details.push(detail(`customFields.${key}`, checked.code, checked.params));
  }
  for (const def of defs.values()) {
    if (!def.required) continue;
    const given = Object.hasOwn(out, def.key);
    if ((opts.requireAll && (!given || out[def.key] === null)) || (given && out[def.key] === null)) {
      if (!details.some((d) => d.path === `customFields.${def.key}`)) details.push(detail(`customFields.${def.key}`, "required"));
    }
  }
  if (details.length > 0) throw invalidFields(details);
  return out;
}

/**
 * Turns `field.<key>=<value>` query parameters into one jsonb object for containment (`@>`):
 * equality for single values, "contains the option" for multi-choice fields.
 */
export async function customFieldFilter(
  db: Queryable,
  companyId: string,
  filters: Record<string, string>,
): Promise<Record<string, unknown> | null> {
  const keys = Object.keys(filters);
  if (keys.length === 0) return null;
  const defs = new Map((await listCustomFields({ db, companyId })).map((d) => [d.key, d]));
  const out: Record<string, unknown> = {};
  const details: ErrorDetail[] = [];
  for (const key of keys) {
    const def = defs.get(key);
    const raw = filters[key] as string;
    const path = `query.field.${key}`;
    if (!def) {
      details.push(detail(path, "not_company_custom_field"));
      continue;
    }
    if (def.type === "number") {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n)) details.push(detail(path, "must_be_number"));
      else out[key] = n;
    } else if (def.type === "boolean") {
      if (raw !== "true" && raw !== "false") details.push(detail(path, "must_be_boolean"));
      else out[key] = raw === "true";
    } else if (def.type === "multi_choice") {
      out[key] = [raw];
    } else {
      out[key] = raw;
    }
  }
  if (details.length > 0) throw invalidFields(details);
  return out;
}
