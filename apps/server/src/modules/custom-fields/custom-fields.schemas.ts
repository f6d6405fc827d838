import { z } from "zod";

export const CUSTOM_FIELD_TYPES = ["text", "number", "date", "choice", "multi_choice", "boolean"] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export const CHOICE_TYPES: readonly CustomFieldType[] = ["choice", "multi_choice"];

const options = z
  .array(z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"))
  .max(200, "at most 200 options")
  .refine((o) => new Set(o).size === o.length, "options must be unique");

const label = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters");

export const customFieldInput = z
  .strictObject({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,49}$/, "must be snake_case: a lowercase letter, then lowercase letters, digits or _ (at most 50)"),
    label,
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: options.default([]),
    required: z.boolean().default(false),
    visibleToMember: z.boolean().default(false),
    position: z.number().int().min(0).max(10000).default(0),
    active: z.boolean().default(true),
  })
  .superRefine((f, ctx) => {
    const choice = CHOICE_TYPES.includes(f.type);
    if (choice && f.options.length === 0) ctx.addIssue({ code: "custom", path: ["options"], message: "a choice field needs options" });
    if (!choice && f.options.length > 0) ctx.addIssue({ code: "custom", path: ["options"], message: "only choice fields have options" });
  });

/** Key and type are fixed once members may hold values; everything else can change. */
export const customFieldPatch = z
  .object({
    label: label.optional(),
    options: options.optional(),
    required: z.boolean().optional(),
    visibleToMember: z.boolean().optional(),
    position: z.number().int().min(0).max(10000).optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const customField = z
  .object({
    id: z.string(),
    key: z.string(),
    label: z.string(),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(z.string()),
    required: z.boolean(),
    visibleToMember: z.boolean(),
    position: z.number().int(),
    active: z.boolean(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "CustomField" });

export const customFieldQuery = z.object({
  active: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

export type CustomFieldInput = z.infer<typeof customFieldInput>;
export type CustomFieldPatch = z.infer<typeof customFieldPatch>;
export type CustomField = z.infer<typeof customField>;
