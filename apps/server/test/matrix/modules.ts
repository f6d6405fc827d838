import { automationRoutes } from "./automation.cases.js";
import { campaignRoutes } from "./campaigns.cases.js";
import { connectorRoutes } from "./connectors.cases.js";
import { foundationRoutes } from "./foundation.cases.js";
import { memberRoutes } from "./members.cases.js";
import { messagingRoutes } from "./messaging.cases.js";
import { notificationRoutes } from "./notifications.cases.js";
import { pointsRoutes } from "./points.cases.js";
import { portalSettingsRoutes } from "./portal-settings.cases.js";
import { privacyRoutes } from "./privacy.cases.js";
import { referralRoutes } from "./referrals.cases.js";
import { rewardRoutes } from "./rewards.cases.js";
import { staffInvitationRoutes } from "./staff-invitations.cases.js";
import { startRoutes } from "./start.cases.js";
import { templateRoutes } from "./templates.cases.js";
import type { MatrixModule } from "./types.js";
import { webhookRoutes } from "./webhooks.cases.js";
import { widgetSettingsRoutes } from "./widget.cases.js";

/** Every area's routes with a valid call each: the route matrix checks access with them, the route fuzz mutates them. */
export const MATRIX_MODULES: MatrixModule[] = [
  foundationRoutes,
  memberRoutes,
  privacyRoutes,
  referralRoutes,
  pointsRoutes,
  rewardRoutes,
  messagingRoutes,
  campaignRoutes,
  templateRoutes,
  notificationRoutes,
  startRoutes,
  staffInvitationRoutes,
  portalSettingsRoutes,
  widgetSettingsRoutes,
  automationRoutes,
  webhookRoutes,
  connectorRoutes,
];
