import type { RouteObject } from "react-router";

// Pages are public: a visitor reads them with the personal fields empty, a member with their own.
export const routes: RouteObject[] = [{ path: "pages/:id", lazy: async () => ({ Component: (await import("./PageScreen")).PageScreen }) }];
