import { type Icon, IconBuildingStore, IconHistory, IconHome, IconKey, IconMapPin, IconUsersGroup } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { Permission } from "./api/client";
import { ApiKeysScreen } from "./screens/ApiKeysScreen";
import { AuditLogScreen } from "./screens/AuditLogScreen";
import { CompanyScreen } from "./screens/CompanyScreen";
import { LocationsScreen } from "./screens/LocationsScreen";
import { StaffScreen } from "./screens/StaffScreen";

export interface NavItem {
  /** Path under /admin, also the route. */
  path: string;
  labelKey: string;
  icon: Icon;
  /** Shown (and routable) only with this permission. */
  permission?: Permission;
  screen: ComponentType;
}

export interface NavArea {
  key: string;
  labelKey: string;
  items: NavItem[];
}

/**
 * The sidebar, by area. A later area (Members, Counter, Points, Rewards, Messages, Automation,
 * Reports) is one more entry here; the router and the dashboard read this list.
 */
export const NAVIGATION: NavArea[] = [
  {
    key: "settings",
    labelKey: "nav.areas.settings",
    items: [
      { path: "/settings/company", labelKey: "nav.company", icon: IconBuildingStore, permission: "company.read", screen: CompanyScreen },
      { path: "/settings/locations", labelKey: "nav.locations", icon: IconMapPin, permission: "locations.read", screen: LocationsScreen },
      { path: "/settings/staff", labelKey: "nav.staff", icon: IconUsersGroup, permission: "staff.read", screen: StaffScreen },
      { path: "/settings/api-keys", labelKey: "nav.apiKeys", icon: IconKey, permission: "api_keys.read", screen: ApiKeysScreen },
      { path: "/settings/audit-log", labelKey: "nav.auditLog", icon: IconHistory, permission: "audit.read", screen: AuditLogScreen },
    ],
  },
];

export const HOME = { path: "/", labelKey: "nav.home", icon: IconHome };

export function visibleNavigation(permissions: ReadonlySet<Permission>): NavArea[] {
  return NAVIGATION.map((area) => ({
    ...area,
    items: area.items.filter((item) => !item.permission || permissions.has(item.permission)),
  })).filter((area) => area.items.length > 0);
}
