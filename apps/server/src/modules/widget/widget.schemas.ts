import { z } from "zod";
import { homeProgram, operation, portalReward } from "../member-portal/member-portal.schemas.js";
import { widgetAppearance } from "./widget-settings.schemas.js";

export const widgetConfig = z
  .object({
    companyName: z.string(),
    programName: z.string().describe("the portal's display name: its program name, else the company's"),
    logoUrl: z.string().nullable(),
    language: z.enum(["pl", "en"]).describe("the company's language, when neither the page nor the member decides"),
    appearance: widgetAppearance,
    links: z.object({ portal: z.string(), join: z.string(), signIn: z.string(), resetPassword: z.string() }),
  })
  .meta({ id: "WidgetConfig" });

export const tokenSessionBody = z.strictObject({
  token: z
    .string()
    .min(1, "is required")
    .max(4000, "must be at most 4000 characters")
    .describe("the host site's signed member token (JWT, HS256)"),
});

export const widgetSession = z
  .object({
    sessionToken: z.string().describe("send as Authorization: Bearer"),
    expiresAt: z.date(),
    via: z.enum(["token", "sign_in"]).describe("token: the host site's signed token (12 hours, fixed); sign_in: 30 days, sliding"),
  })
  .meta({ id: "WidgetSession" });

export const widgetAccepted = z.object({ status: z.literal("accepted"), message: z.string() });

export const widgetSummary = z
  .object({
    member: z.object({ firstName: z.string(), language: z.enum(["pl", "en"]) }),
    currency: z.string(),
    program: homeProgram.nullable().describe("the member's default program, as the portal's home shows it"),
    lastOperations: z.array(operation),
    rewards: z.array(portalReward).describe("up to 6: those the member can redeem (cheapest first), then the nearest out of reach"),
    referralLink: z.string().describe("the member's {member_ref_link}"),
    links: z.object({
      portal: z.string(),
      rewards: z.string(),
      history: z.string(),
      card: z.string(),
      reward: z.string().describe("the portal opening one reward: replace {id}"),
    }),
  })
  .meta({ id: "WidgetSummary" });
