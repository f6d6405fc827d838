import type { Icon } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { Permission } from "../api/client";
import type { TKey } from "../i18n";

// The shape of the sidebar; the entries themselves are in navigation.tsx, which only the top (App) imports.
export interface NavItem {
  /** Path under /admin, also the route. */
  path: string;
  labelKey: TKey;
  icon: Icon;
  /** Shown (and routable) only with this permission. */
  permission?: Permission;
  screen: ComponentType;
  /** A hook giving a count to show beside the label (things waiting for staff); 0 shows nothing. */
  useBadge?: () => number;
  /** Further routes under this entry (e.g. a detail page), with the same permission. */
  routes?: { path: string; screen: ComponentType }[];
}

export interface NavArea {
  key: string;
  labelKey: TKey;
  items: NavItem[];
}
