import { z } from "zod";

export const memberSessionResponse = z
  .object({
    member: z.object({
      id: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      email: z.string().nullable(),
      cardNumber: z.string(),
      language: z.enum(["pl", "en"]),
      emailVerified: z.boolean(),
    }),
    csrfToken: z.string(),
  })
  .meta({ id: "MemberSession" });
