import { z } from "zod";

export const WIDGET_POSITIONS = ["bottom-right", "bottom-left"] as const;
export const MAX_ALLOWED_ORIGINS = 20;

const texts = z.strictObject({
  launcher: z.string().trim().max(40, "must be at most 40 characters"),
  title: z.string().trim().max(60, "must be at most 60 characters"),
  intro: z.string().trim().max(200, "must be at most 200 characters"),
});

export const widgetAppearance = z
  .strictObject({
    // Stored lower-case by the service: a transform here would not serve the response too.
    accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #1c7ed6"),
    position: z.enum(WIDGET_POSITIONS),
    texts: z.strictObject({ pl: texts, en: texts }).describe('per language; "" = the widget\'s default text'),
  })
  .meta({ id: "WidgetAppearance" });
export type WidgetAppearance = z.infer<typeof widgetAppearance>;

export const widgetSettingsPut = z.strictObject({
  enabled: z.boolean(),
  allowedOrigins: z
    .array(z.string().trim().max(200, "must be at most 200 characters"))
    .max(MAX_ALLOWED_ORIGINS, `must have at most ${MAX_ALLOWED_ORIGINS} items`)
    .describe("the sites that may show the widget: web origins like https://shop.example.com"),
  appearance: widgetAppearance,
});
export type WidgetSettingsInput = z.infer<typeof widgetSettingsPut>;

export const widgetSettings = z
  .object({
    enabled: z.boolean(),
    publicKey: z.string().describe("the snippet's data-company value"),
    allowedOrigins: z.array(z.string()),
    appearance: widgetAppearance,
    secret: z.object({
      rotatedAt: z.date().nullable(),
      previousValidUntil: z.date().nullable().describe("while set, tokens signed with the previous secret verify too"),
    }),
    display: z
      .object({ companyName: z.string(), programName: z.string(), logoUrl: z.string().nullable() })
      .describe("the names and logo the widget shows (from the member portal's layout): the admin's preview uses them"),
    scriptUrl: z.string(),
    snippet: z.string(),
    portalUrl: z.string(),
    updatedAt: z.date().nullable(),
  })
  .meta({ id: "WidgetSettings" });
export type WidgetSettings = z.infer<typeof widgetSettings>;

export const widgetSecrets = z
  .object({
    current: z.string(),
    previous: z.string().nullable(),
    previousValidUntil: z.date().nullable(),
  })
  .meta({ id: "WidgetSecrets" });
export type WidgetSecrets = z.infer<typeof widgetSecrets>;
