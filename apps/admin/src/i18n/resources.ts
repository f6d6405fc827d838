// One file per area of the panel (the feature folders), merged into one namespace: a screen's
// strings live next to its area's, and two areas' edits never touch the same file.
import enAutomation from "./en/automation.json";
import enCheckout from "./en/checkout.json";
import enCommon from "./en/common.json";
import enCounter from "./en/counter.json";
import enIntegrations from "./en/integrations.json";
import enMembers from "./en/members.json";
import enMessaging from "./en/messaging.json";
import enPortal from "./en/portal.json";
import enPrograms from "./en/programs.json";
import enReferrals from "./en/referrals.json";
import enRewards from "./en/rewards.json";
import enSettings from "./en/settings.json";
import enStart from "./en/start.json";
import enWidget from "./en/widget.json";
import plAutomation from "./pl/automation.json";
import plCheckout from "./pl/checkout.json";
import plCommon from "./pl/common.json";
import plCounter from "./pl/counter.json";
import plIntegrations from "./pl/integrations.json";
import plMembers from "./pl/members.json";
import plMessaging from "./pl/messaging.json";
import plPortal from "./pl/portal.json";
import plPrograms from "./pl/programs.json";
import plReferrals from "./pl/referrals.json";
import plRewards from "./pl/rewards.json";
import plSettings from "./pl/settings.json";
import plStart from "./pl/start.json";
import plWidget from "./pl/widget.json";

export const pl = {
  ...plCommon,
  ...plSettings,
  ...plMembers,
  ...plReferrals,
  ...plCounter,
  ...plPrograms,
  ...plRewards,
  ...plMessaging,
  ...plAutomation,
  ...plIntegrations,
  ...plStart,
  ...plPortal,
  ...plWidget,
  ...plCheckout,
};
export const en = {
  ...enCommon,
  ...enSettings,
  ...enMembers,
  ...enReferrals,
  ...enCounter,
  ...enPrograms,
  ...enRewards,
  ...enMessaging,
  ...enAutomation,
  ...enIntegrations,
  ...enStart,
  ...enPortal,
  ...enWidget,
  ...enCheckout,
};
