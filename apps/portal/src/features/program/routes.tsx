import type { RouteObject } from "react-router";

// Public: a visitor reads what the program gives before joining.
export const routes: RouteObject[] = [
  { path: "program", lazy: async () => ({ Component: (await import("./ProgramScreen")).ProgramScreen }) },
];
