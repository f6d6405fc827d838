import { identityRoutes } from "./identity.member-cases.js";
import { memberSessionRoutes } from "./member-session.member-cases.js";
import type { MemberMatrixModule } from "./member-types.js";
import { memberPointsRoutes } from "./points.member-cases.js";
import { portalSettingsMemberRoutes } from "./portal-settings.member-cases.js";
import { profileMemberRoutes } from "./profile.member-cases.js";
import { pushRoutes } from "./push.member-cases.js";

/** Every portal route with a valid call each: the member matrix checks isolation with them, the route fuzz mutates them. */
export const MEMBER_MATRIX_MODULES: MemberMatrixModule[] = [
  memberSessionRoutes,
  identityRoutes,
  portalSettingsMemberRoutes,
  memberPointsRoutes,
  profileMemberRoutes,
  pushRoutes,
];
