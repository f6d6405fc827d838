import { type ComponentType, createElement, lazy, type ReactNode } from "react";
import type { RouteObject } from "react-router";

// Every feature folder exports `routes` from routes.tsx (its screens lazy-loaded): no central list
// to edit. Paths are relative to the portal's base ("rewards", "sign-in", …); the home feature owns
// the index route.
const modules = import.meta.glob<RouteObject[]>("./features/*/routes.tsx", { eager: true, import: "routes" });

type LazyModule = { Component?: ComponentType | null; element?: ReactNode };

/**
 * The portal renders its routes with <BrowserRouter> and useRoutes, not a data router: the data
 * router costs 17 KB gzipped of the first screen's 150 KB budget, and screens load their data
 * with TanStack Query anyway. A route's `lazy` (the data router's way of loading a screen when it
 * is opened) becomes a React.lazy element here, so both ways of writing a lazy screen work:
 * `lazy: async () => ({ Component: (await import("./X")).X })` or `element: <LazyX />`.
 * Loaders, actions and errorElement are not supported.
 */
export function withLazyElements(routes: RouteObject[]): RouteObject[] {
  return routes.map((route) => {
    const children = route.children ? withLazyElements(route.children) : undefined;
    const load = route.lazy;
    if (typeof load !== "function" || route.element || route.Component) return { ...route, children } as RouteObject;
    const Screen = lazy(async () => {
      const loaded = (await load()) as LazyModule;
      const C = loaded.Component;
      return { default: C ?? (() => loaded.element ?? null) };
    });
    const { lazy: _ignored, ...rest } = route;
    return { ...rest, element: createElement(Screen), children } as RouteObject;
  });
}

export const featureRoutes: RouteObject[] = withLazyElements(Object.values(modules).flat());
