import { z } from "zod";
import type { Deps } from "../../deps.js";
import { invalidField, notFound } from "../../platform/errors.js";
import { type App, actorOf, authErrors, errorResponse } from "../../platform/http.js";
import { MAX_IMAGE_BYTES, readMedia, storeImage } from "./media.service.js";

const stored = z.object({ id: z.string(), url: z.string(), contentType: z.string(), byteSize: z.number().int() }).meta({ id: "Media" });

export function registerMediaRoutes(app: App, deps: Deps): void {
  app.post(
    "/api/v1/media",
    {
      config: { access: "company.write" },
      schema: {
        tags: ["Media"],
        summary: "Upload an image (multipart/form-data, field `file`; PNG, JPEG, WebP or GIF up to 2 MB)",
        consumes: ["multipart/form-data"],
        response: { 201: stored, 413: errorResponse, 415: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw invalidField("file", "multipart_required");
      const file = await req.file({ limits: { fileSize: MAX_IMAGE_BYTES + 1, files: 1 } });
      if (file?.fieldname !== "file") throw invalidField("file", "required");
      const bytes = await file.toBuffer();
      return reply.code(201).send(await storeImage({ db: deps.db, actor: actorOf(req), bytes }));
    },
  );

  app.get(
    "/media/:id",
    { config: { access: "public" }, schema: { hide: true, params: z.object({ id: z.string().max(100) }) } },
    async (req, reply) => {
      const media = await readMedia(deps.db, req.params.id);
      if (!media) throw notFound("Image");
      return (
        reply
          .header("cache-control", "public, max-age=31536000, immutable")
          .header("x-content-type-options", "nosniff")
          // Logos and reward images appear in the website widget on the companies' own sites.
          .header("cross-origin-resource-policy", "cross-origin")
          .type(media.contentType)
          .send(media.data)
      );
    },
  );
}
