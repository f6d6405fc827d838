import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, invalidField } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/**
 * The type comes from the file's first bytes, never from its name or the client's claim, and only
 * raster formats are accepted: an SVG can carry script.
 */
export function detectImageType(bytes: Buffer): string | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= 12 && bytes.toString("ascii", 0, 4) === "RIFF" && bytes.toString("ascii", 8, 12) === "WEBP") return "image/webp";
  if (bytes.length >= 6 && ["GIF87a", "GIF89a"].includes(bytes.toString("ascii", 0, 6))) return "image/gif";
  return null;
}

export interface StoredMedia {
  id: string;
  url: string;
  contentType: string;
  byteSize: number;
}

export async function storeImage(opts: { db: Db; actor: Actor; bytes: Buffer }): Promise<StoredMedia> {
  const { actor, bytes } = opts;
  if (bytes.length === 0) throw invalidField("file", "file_empty");
  if (bytes.length > MAX_IMAGE_BYTES)
    throw new AppError("payload_too_large", `file: larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`, [
      detail("file", "file_too_large", { max: MAX_IMAGE_BYTES / 1024 / 1024 }),
    ]);
  const contentType = detectImageType(bytes);
  if (!contentType)
    throw new AppError("unsupported_media_type", "file: must be a PNG, JPEG, WebP or GIF image", [detail("file", "image_type")]);
  const id = newId("med");
  await opts.db.transaction(async (tx) => {
    await tx.query(
      sql`insert into media (company_id, id, content_type, byte_size, data, created_by)
          values (${actor.companyId}, ${id}, ${contentType}, ${bytes.length}, ${bytes}, ${actor.id})`,
    );
    await recordAudit(tx, actor, {
      action: "media.uploaded",
      entityType: "media",
      entityId: id,
      changes: { contentType, byteSize: bytes.length },
    });
  });
  return { id, url: `/media/${id}`, contentType, byteSize: bytes.length };
}

/** Public read by id: media are branding shown on public pages; ids carry 80 random bits. */
export async function readMedia(db: Db, id: string): Promise<{ contentType: string; data: Buffer } | null> {
  const [row] = await db.query<{ content_type: string; data: Uint8Array }>(sql`select content_type, data from media where id = ${id}`);
  return row ? { contentType: row.content_type, data: Buffer.from(row.data) } : null;
}

export async function assertMediaExists(db: Queryable, companyId: string, id: string, field: string): Promise<void> {
  const rows = await db.query(sql`select 1 from media where company_id = ${companyId} and id = ${id}`);
  if (rows.length === 0) throw invalidField(field, "not_company_image");
}
