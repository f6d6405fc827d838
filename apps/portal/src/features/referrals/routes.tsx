import type { RouteObject } from "react-router";
import { RequireMember } from "../../shell/RequireMember";

export const routes: RouteObject[] = [
  {
    path: "refer",
    element: <RequireMember />,
    children: [{ index: true, lazy: async () => ({ Component: (await import("./ReferralsScreen")).ReferralsScreen }) }],
  },
];
