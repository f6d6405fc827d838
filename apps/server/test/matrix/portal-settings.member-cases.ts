import type { MemberMatrixModule } from "./member-types.js";

/**
 * The portal's public reads: no member routes. portal-settings.test.ts and portal-pages.test.ts check
 * that a switched-off or unknown portal answers 404 and that a page renders another company's
 * member session as no session.
 */
export const portalSettingsMemberRoutes: MemberMatrixModule = {
  name: "portal settings",
  async setup() {},
  cases: [],
  publicRoutes: ["GET /api/v1/portal/:slug/config", "GET /api/v1/portal/:slug/pages/:id"],
};
