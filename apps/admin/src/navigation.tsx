import {
  IconAdjustmentsHorizontal,
  IconAffiliate,
  IconBell,
  IconBroadcast,
  IconBuildingStore,
  IconCashRegister,
  IconCoins,
  IconDeviceMobile,
  IconFileText,
  IconForms,
  IconGift,
  IconHistory,
  IconHome,
  IconKey,
  IconListDetails,
  IconMailCog,
  IconMapPin,
  IconPlugConnected,
  IconReceipt2,
  IconRobot,
  IconShieldCheck,
  IconShieldLock,
  IconSpeakerphone,
  IconTemplate,
  IconTicket,
  IconUsers,
  IconUsersGroup,
  IconWorldWww,
} from "@tabler/icons-react";
import { lazy } from "react";
import type { Permission } from "./api/client";
import type { NavArea } from "./components/nav-types";
import { ScenariosScreen } from "./screens/automation/ScenariosScreen";
import { CounterScreen } from "./screens/counter/CounterScreen";
import { ShopScreen } from "./screens/integrations/shops/ShopScreen";
import { ShopsScreen } from "./screens/integrations/shops/ShopsScreen";
import { WebhookScreen } from "./screens/integrations/webhooks/WebhookScreen";
import { WebhooksScreen } from "./screens/integrations/webhooks/WebhooksScreen";
import { MemberCardScreen } from "./screens/members/MemberCardScreen";
import { MembersScreen } from "./screens/members/MembersScreen";
import { PrivacyRequestsScreen, useOpenPrivacyRequests } from "./screens/members/PrivacyRequestsScreen";
import { ReferralReportScreen } from "./screens/members/referrals/ReferralReportScreen";
import { useFlaggedReferralCount } from "./screens/members/referrals/referral-api";
import { CampaignsScreen } from "./screens/messages/CampaignsScreen";
import { DeliveryLogScreen } from "./screens/messages/DeliveryLogScreen";
import { OutboxScreen } from "./screens/messages/OutboxScreen";
import { TemplatesScreen } from "./screens/messages/TemplatesScreen";
import { PortalPagesScreen } from "./screens/portal/PortalPagesScreen";
import { PortalPosterScreen } from "./screens/portal/PortalPosterScreen";
import { PortalSettingsScreen } from "./screens/portal/PortalSettingsScreen";
import { ProgramScreen } from "./screens/programs/ProgramScreen";
import { ProgramsScreen } from "./screens/programs/ProgramsScreen";
import { RedemptionsScreen } from "./screens/rewards/RedemptionsScreen";
import { RewardScreen } from "./screens/rewards/RewardScreen";
import { RewardStockScreen } from "./screens/rewards/RewardStockScreen";
import { RewardsScreen } from "./screens/rewards/RewardsScreen";
import { VoucherPoolScreen, VoucherPoolsScreen } from "./screens/rewards/VoucherPoolsScreen";
import { ApiKeysScreen } from "./screens/settings/ApiKeysScreen";
import { AuditLogScreen } from "./screens/settings/AuditLogScreen";
import { CompanyScreen } from "./screens/settings/CompanyScreen";
import { ConsentsScreen } from "./screens/settings/ConsentsScreen";
import { CustomFieldsScreen } from "./screens/settings/CustomFieldsScreen";
import { LocationsScreen } from "./screens/settings/LocationsScreen";
import { MemberSettingsScreen } from "./screens/settings/MemberSettingsScreen";
import { StaffScreen } from "./screens/settings/StaffScreen";
import { WidgetSettingsScreen } from "./screens/widget/WidgetSettingsScreen";

// The editors carry the HTML editor (tiptap) and the date pickers: loaded when first opened.
const TemplateScreen = lazy(() => import("./screens/messages/TemplateScreen").then((m) => ({ default: m.TemplateScreen })));
const NotificationsScreen = lazy(() => import("./screens/messages/NotificationsScreen").then((m) => ({ default: m.NotificationsScreen })));
const CampaignScreen = lazy(() => import("./screens/messages/CampaignScreen").then((m) => ({ default: m.CampaignScreen })));
const ScenarioScreen = lazy(() => import("./screens/automation/ScenarioScreen").then((m) => ({ default: m.ScenarioScreen })));

/**
 * The sidebar, by area. A later area (Reports) is one more entry here; the router and the dashboard read this list.
 */
export const NAVIGATION: NavArea[] = [
  {
    key: "members",
    labelKey: "nav.areas.members",
    items: [
      {
        path: "/members",
        labelKey: "nav.members",
        icon: IconUsers,
        permission: "members.read",
        screen: MembersScreen,
        routes: [{ path: "/members/:id", screen: MemberCardScreen }],
      },
      {
        path: "/privacy-requests",
        labelKey: "nav.privacyRequests",
        icon: IconShieldLock,
        permission: "members.read",
        screen: PrivacyRequestsScreen,
        useBadge: useOpenPrivacyRequests,
      },
      {
        path: "/referrals",
        labelKey: "nav.referrals",
        icon: IconAffiliate,
        permission: "members.read",
        screen: ReferralReportScreen,
        useBadge: useFlaggedReferralCount,
      },
    ],
  },
  {
    key: "counter",
    labelKey: "nav.areas.counter",
    items: [{ path: "/counter", labelKey: "nav.counter", icon: IconCashRegister, permission: "purchases.write", screen: CounterScreen }],
  },
  {
    key: "points",
    labelKey: "nav.areas.points",
    items: [
      {
        path: "/programs",
        labelKey: "nav.programs",
        icon: IconCoins,
        permission: "programs.read",
        screen: ProgramsScreen,
        routes: [{ path: "/programs/:id", screen: ProgramScreen }],
      },
    ],
  },
  {
    key: "rewards",
    labelKey: "nav.areas.rewards",
    items: [
      {
        path: "/rewards",
        labelKey: "nav.rewards",
        icon: IconGift,
        permission: "rewards.read",
        screen: RewardsScreen,
        routes: [
          { path: "/rewards/new", screen: RewardScreen },
          { path: "/rewards/:id", screen: RewardScreen },
          { path: "/rewards/:id/stock", screen: RewardStockScreen },
        ],
      },
      {
        path: "/voucher-pools",
        labelKey: "nav.voucherPools",
        icon: IconTicket,
        permission: "rewards.read",
        screen: VoucherPoolsScreen,
        routes: [{ path: "/voucher-pools/:id", screen: VoucherPoolScreen }],
      },
      { path: "/redemptions", labelKey: "nav.redemptions", icon: IconReceipt2, permission: "rewards.read", screen: RedemptionsScreen },
    ],
  },
  {
    key: "messages",
    labelKey: "nav.areas.messages",
    items: [
      { path: "/messages/outbox", labelKey: "nav.outbox", icon: IconMailCog, permission: "messages.read", screen: OutboxScreen },
      {
        path: "/messages/templates",
        labelKey: "nav.templates",
        icon: IconTemplate,
        permission: "messages.read",
        screen: TemplatesScreen,
        routes: [
          { path: "/messages/templates/new", screen: TemplateScreen },
          { path: "/messages/templates/:id", screen: TemplateScreen },
        ],
      },
      {
        path: "/messages/notifications",
        labelKey: "nav.notifications",
        icon: IconBell,
        permission: "messages.read",
        screen: NotificationsScreen,
      },
      {
        path: "/messages/campaigns",
        labelKey: "nav.campaigns",
        icon: IconSpeakerphone,
        permission: "messages.read",
        screen: CampaignsScreen,
        routes: [
          { path: "/messages/campaigns/new", screen: CampaignScreen },
          { path: "/messages/campaigns/:id", screen: CampaignScreen },
        ],
      },
      { path: "/messages/log", labelKey: "nav.deliveryLog", icon: IconListDetails, permission: "messages.read", screen: DeliveryLogScreen },
    ],
  },
  {
    key: "automation",
    labelKey: "nav.areas.automation",
    items: [
      {
        path: "/automation/scenarios",
        labelKey: "nav.scenarios",
        icon: IconRobot,
        permission: "automation.read",
        screen: ScenariosScreen,
        routes: [
          { path: "/automation/scenarios/new", screen: ScenarioScreen },
          { path: "/automation/scenarios/:id", screen: ScenarioScreen },
        ],
      },
    ],
  },
  {
    key: "integrations",
    labelKey: "nav.areas.integrations",
    items: [
      {
        path: "/webhooks",
        labelKey: "nav.webhooks",
        icon: IconBroadcast,
        permission: "integrations.read",
        screen: WebhooksScreen,
        routes: [{ path: "/webhooks/:id", screen: WebhookScreen }],
      },
      {
        path: "/shops",
        labelKey: "nav.shops",
        icon: IconPlugConnected,
        permission: "integrations.read",
        screen: ShopsScreen,
        routes: [{ path: "/shops/:id", screen: ShopScreen }],
      },
    ],
  },
  {
    key: "settings",
    labelKey: "nav.areas.settings",
    items: [
      { path: "/settings/company", labelKey: "nav.company", icon: IconBuildingStore, permission: "company.read", screen: CompanyScreen },
      { path: "/settings/locations", labelKey: "nav.locations", icon: IconMapPin, permission: "locations.read", screen: LocationsScreen },
      { path: "/settings/staff", labelKey: "nav.staff", icon: IconUsersGroup, permission: "staff.read", screen: StaffScreen },
      {
        path: "/settings/member-fields",
        labelKey: "nav.customFields",
        icon: IconForms,
        permission: "company.write",
        screen: CustomFieldsScreen,
      },
      { path: "/settings/consents", labelKey: "nav.consents", icon: IconShieldCheck, permission: "company.write", screen: ConsentsScreen },
      {
        path: "/settings/member-settings",
        labelKey: "nav.memberSettings",
        icon: IconAdjustmentsHorizontal,
        permission: "company.write",
        screen: MemberSettingsScreen,
      },
      {
        path: "/settings/member-portal",
        labelKey: "nav.portal",
        icon: IconDeviceMobile,
        permission: "company.read",
        screen: PortalSettingsScreen,
        routes: [{ path: "/settings/member-portal/poster", screen: PortalPosterScreen }],
      },
      {
        path: "/settings/portal-pages",
        labelKey: "nav.portalPages",
        icon: IconFileText,
        permission: "programs.read",
        screen: PortalPagesScreen,
      },
      {
        path: "/settings/website-widget",
        labelKey: "nav.widget",
        icon: IconWorldWww,
        permission: "company.read",
        screen: WidgetSettingsScreen,
      },
      { path: "/settings/api-keys", labelKey: "nav.apiKeys", icon: IconKey, permission: "api_keys.read", screen: ApiKeysScreen },
      { path: "/settings/audit-log", labelKey: "nav.auditLog", icon: IconHistory, permission: "audit.read", screen: AuditLogScreen },
    ],
  },
];

export const HOME = { path: "/", labelKey: "nav.home" as const, icon: IconHome };

export function visibleNavigation(permissions: ReadonlySet<Permission>): NavArea[] {
  return NAVIGATION.map((area) => ({
    ...area,
    items: area.items.filter((item) => !item.permission || permissions.has(item.permission)),
  })).filter((area) => area.items.length > 0);
}
