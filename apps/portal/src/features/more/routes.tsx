import type { RouteObject } from "react-router";
import { RequireMember } from "../../shell/RequireMember";

export const routes: RouteObject[] = [
  {
    path: "more",
    element: <RequireMember />,
    children: [{ index: true, lazy: async () => ({ Component: (await import("./MoreScreen")).MoreScreen }) }],
  },
];
