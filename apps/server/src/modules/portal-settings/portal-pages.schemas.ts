import { z } from "zod";

export const MAX_PAGE_HTML = 100_000;

const fields = {
  title: z.string().trim().min(1, "is required").max(120, "must be at most 120 characters"),
  bodyHtml: z.string().max(MAX_PAGE_HTML, `must be at most ${MAX_PAGE_HTML} characters`),
  active: z.boolean(),
  position: z.number().int().min(0, "must be at least 0").max(10_000, "must be at most 10000"),
};

export const portalPageInput = z
  .object({
    title: fields.title,
    bodyHtml: fields.bodyHtml.default(""),
    active: fields.active.default(true),
    position: fields.position.optional().meta({ description: "Place in the menu (ascending); default: after the last page" }),
  })
  .strict();
export type PortalPageInput = z.infer<typeof portalPageInput>;

export const portalPagePatch = z
  .object({
    title: fields.title.optional(),
    bodyHtml: fields.bodyHtml.optional(),
    active: fields.active.optional(),
    position: fields.position.optional(),
  })
  .strict();
export type PortalPagePatch = z.infer<typeof portalPagePatch>;

export const portalPage = z
  .object({
    id: z.string(),
    title: z.string(),
    bodyHtml: z.string().meta({ description: "Sanitised HTML; personal fields such as {first_name} stay as written" }),
    active: z.boolean(),
    position: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "PortalPage" });
export type PortalPage = z.infer<typeof portalPage>;

export const renderedPortalPage = z
  .object({
    id: z.string(),
    title: z.string(),
    html: z.string().meta({ description: "Sanitised HTML with the personal fields filled for the signed-in member (empty without one)" }),
  })
  .meta({ id: "PortalPageRendered" });
