import { z } from "zod";

export const BARCODE_FORMATS = ["code128", "ean13", "qr", "code39"] as const;
export const barcodeFormat = z.enum(BARCODE_FORMATS);

const mediaId = z.string().min(1).max(100).nullable();

/**
 * A host name as typed in a browser's address bar: letters, digits and hyphens in labels of at
 * most 63, at least two labels, no port, no trailing dot. Lower-cased before it is stored.
 */
const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, "must be at most 253 characters")
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
    "must be a host name such as club.example.com",
  );

export const portalSettingsPut = z
  .object({
    enabled: z.boolean(),
    customDomain: hostname.nullable(),
    programName: z.string().trim().max(120, "must be at most 120 characters"),
    logoMediaId: mediaId,
    backgroundMediaId: mediaId,
    faviconMediaId: mediaId,
    accentColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #2f9e44")
      .transform((s) => s.toLowerCase()),
    identifierLabelPl: z.string().trim().max(60, "must be at most 60 characters"),
    identifierLabelEn: z.string().trim().max(60, "must be at most 60 characters"),
    barcodeFormat,
    defaultProgramId: z.string().min(1).max(100).nullable(),
  })
  .strict();
export type PortalSettingsInput = z.infer<typeof portalSettingsPut>;

export const portalSettings = z
  .object({
    enabled: z.boolean(),
    slug: z.string().meta({ description: "The company's slug: the portal's short address is /p/<slug>" }),
    shortLink: z.string().meta({ description: "The portal's address with the installation's public URL" }),
    customDomain: z.string().nullable(),
    programName: z.string(),
    logoMediaId: z.string().nullable(),
    logoUrl: z.string().nullable(),
    backgroundMediaId: z.string().nullable(),
    backgroundUrl: z.string().nullable(),
    faviconMediaId: z.string().nullable(),
    faviconUrl: z.string().nullable(),
    accentColor: z.string(),
    identifierLabelPl: z.string(),
    identifierLabelEn: z.string(),
    barcodeFormat,
    defaultProgramId: z.string().nullable(),
    updatedAt: z.date().nullable(),
  })
  .meta({ id: "PortalSettings" });
export type PortalSettings = z.infer<typeof portalSettings>;

const programBranding = z.object({
  id: z.string(),
  name: z.string(),
  slogan: z.string(),
  description: z.string(),
  photoUrl: z.string().nullable(),
  iconUrl: z.string().nullable(),
  primaryColor: z.string(),
});

export const portalConfig = z
  .object({
    slug: z.string(),
    shortLink: z.string(),
    company: z.object({ name: z.string(), description: z.string(), language: z.enum(["pl", "en"]) }),
    layout: z.object({
      programName: z
        .string()
        .meta({ description: "The name the portal shows: the setting, else the default program's, else the company's" }),
      logoUrl: z.string().nullable(),
      backgroundUrl: z.string().nullable(),
      faviconUrl: z.string().nullable(),
      accentColor: z.string(),
      identifierLabel: z.object({ pl: z.string(), en: z.string() }),
      barcodeFormat,
    }),
    defaultProgramId: z.string().nullable(),
    programs: z.array(programBranding),
    pages: z.array(z.object({ id: z.string(), title: z.string(), position: z.number().int() })),
  })
  .meta({ id: "PortalConfig" });
export type PortalConfig = z.infer<typeof portalConfig>;
