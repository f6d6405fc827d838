import type { Config } from "../../config.js";
import type { Db, Queryable } from "../../platform/db.js";
import { readMedia } from "../media/media.service.js";
import { buildPortalConfig } from "./portal-config.js";
import { decodeImage, renderIcon } from "./portal-icons.js";

export const ICON_SIZES = [192, 512] as const;
export type IconSize = (typeof ICON_SIZES)[number];

/** The longest short_name that launchers show without cutting it. */
const SHORT_NAME_MAX = 12;

/**
 * The web app manifest of one company's portal at `base` (`/p/<slug>/`, or `/` on its own domain):
 * what Chrome's installability check asks for (name, icons 192 and 512 PNG, start_url inside the
 * scope, display standalone).
 */
export async function buildManifest(db: Queryable, opts: { companyId: string; base: string; config: Config }) {
  const portal = await buildPortalConfig(db, opts);
  const name = portal.layout.programName;
  const shortName = [name, portal.company.name].find((n) => n.length <= SHORT_NAME_MAX) ?? wholeWords(name, SHORT_NAME_MAX);
  return {
    id: opts.base,
    name,
    short_name: shortName,
    description: portal.programs.find((p) => p.id === portal.defaultProgramId)?.slogan || portal.company.description || undefined,
    lang: portal.company.language,
    start_url: opts.base,
    scope: opts.base,
    display: "standalone",
    theme_color: portal.layout.accentColor,
    background_color: "#ffffff",
    icons: ICON_SIZES.map((size) => ({ src: `${opts.base}icon-${size}.png`, sizes: `${size}x${size}`, type: "image/png", purpose: "any" })),
  };
}

// Icons are drawn once per source image, colour and size in this process: they change only when
// the settings or the program's icon do, and both give a new media id or colour.
const iconCache = new Map<string, Buffer>();
const ICON_CACHE_MAX = 200;

/** The program's icon, else the portal's logo, else the company's, on a white square; else the accent colour. */
export async function portalIcon(db: Db, opts: { companyId: string; size: IconSize; config: Config }): Promise<Buffer> {
  const portal = await buildPortalConfig(db, opts);
  const program = portal.programs.find((p) => p.id === portal.defaultProgramId);
  const source = program?.iconUrl ?? portal.layout.logoUrl;
  const mediaId = source?.replace(/^\/media\//, "") ?? null;
  const key = `${mediaId}|${portal.layout.accentColor}|${opts.size}`;
  const cached = iconCache.get(key);
  if (cached) return cached;
  const media = mediaId ? await readMedia(db, mediaId) : null;
  const image = media ? decodeImage(media.contentType, media.data) : null;
  const png = renderIcon(opts.size, image ? "#ffffff" : portal.layout.accentColor, image);
  if (iconCache.size >= ICON_CACHE_MAX) iconCache.delete(iconCache.keys().next().value as string);
  iconCache.set(key, png);
  return png;
}

/** The words of `text` that fit in `max` characters ("Klub Pod Lipą" → "Klub Pod"); one long word is cut. */
function wholeWords(text: string, max: number): string {
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(" ");
  return (space > 0 ? cut.slice(0, space) : text.slice(0, max)).trim();
}
