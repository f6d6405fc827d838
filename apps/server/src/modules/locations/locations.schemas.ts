import { z } from "zod";

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time HH:MM");
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export const openingHoursEntry = z
  .strictObject({ day: z.enum(WEEKDAYS), opens: time, closes: time })
  .refine((h) => h.opens < h.closes, { message: "must close after it opens", path: ["closes"] });

export const address = z.strictObject({
  street: z.string().trim().max(200).default(""),
  postalCode: z.string().trim().max(20).default(""),
  city: z.string().trim().max(100).default(""),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "must be a two-letter country code, e.g. PL")
    .transform((s) => s.toUpperCase())
    .default("PL"),
});

export const coordinates = z.strictObject({
  latitude: z.number().min(-90, "must be between -90 and 90").max(90, "must be between -90 and 90"),
  longitude: z.number().min(-180, "must be between -180 and 180").max(180, "must be between -180 and 180"),
});

export const locationInput = z.strictObject({
  name: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
  address: address.default({ street: "", postalCode: "", city: "", country: "PL" }),
  coordinates: coordinates.nullable().default(null),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{5,20}$/, "must be a phone number")
    .nullable()
    .default(null),
  openingHours: z.array(openingHoursEntry).max(21).default([]),
  active: z.boolean().default(true),
});

export const locationPatch = z
  .object({
    name: locationInput.shape.name.optional(),
    address: address.optional(),
    coordinates: coordinates.nullable().optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{5,20}$/, "must be a phone number")
      .nullable()
      .optional(),
    openingHours: z.array(openingHoursEntry).max(21).optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const location = z
  .object({
    id: z.string(),
    name: z.string(),
    address: z.object({ street: z.string(), postalCode: z.string(), city: z.string(), country: z.string() }),
    coordinates: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
    phone: z.string().nullable(),
    openingHours: z.array(z.object({ day: z.enum(WEEKDAYS), opens: z.string(), closes: z.string() })),
    active: z.boolean(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Location" });

export const locationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  active: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

export type LocationInput = z.infer<typeof locationInput>;
export type LocationPatch = z.infer<typeof locationPatch>;
export type Location = z.infer<typeof location>;
