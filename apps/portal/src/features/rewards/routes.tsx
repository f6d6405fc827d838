import type { RouteObject } from "react-router";
import { RequireMember } from "../../shell/RequireMember";

export const routes: RouteObject[] = [
  {
    path: "rewards",
    element: <RequireMember />,
    children: [
      { index: true, lazy: async () => ({ Component: (await import("./RewardsScreen")).RewardsScreen }) },
      { path: "mine", lazy: async () => ({ Component: (await import("./MyRewardsScreen")).MyRewardsScreen }) },
    ],
  },
];
