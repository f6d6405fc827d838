/** Helpers for the rewards browser test: a tiny PNG made in memory, points for a member. */
import { deflateSync } from "node:zlib";
import type { Page } from "playwright-core";
import { created } from "./loyalty-setup";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A size×size RGB PNG: a coloured square with a lighter diagonal band (so it is visibly an image). */
export function makePng(size = 96, rgb: [number, number, number] = [111, 78, 55]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const band = Math.abs(x - y) < size / 6;
      row[1 + x * 3] = band ? 240 : rgb[0];
      row[2 + x * 3] = band ? 200 : rgb[1];
      row[3 + x * 3] = band ? 150 : rgb[2];
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Enrols the member and gives them points by a manual adjustment. */
export async function givePoints(owner: Page, memberId: string, programId: string, points: number): Promise<void> {
  await created(owner, "POST", `/api/v1/members/${memberId}/enrollments`, { programId });
  await created(owner, "POST", `/api/v1/members/${memberId}/adjustments`, { programId, points, reason: "Punkty testowe" });
}
