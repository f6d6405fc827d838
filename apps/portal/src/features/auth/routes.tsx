import type { RouteObject } from "react-router";
import { RequireMember } from "../../shell/RequireMember";

// Sign-in, sign-up (also from {member_ref_link}: /join?ref=…), the e-mail's links (/verify, /reset),
// card activation, sign-out and the password change.
export const routes: RouteObject[] = [
  { path: "sign-in", lazy: async () => ({ Component: (await import("./SignInScreen")).SignInScreen }) },
  { path: "login", lazy: async () => ({ Component: (await import("./SignInScreen")).SignInScreen }) },
  { path: "join", lazy: async () => ({ Component: (await import("./SignUpScreen")).SignUpScreen }) },
  { path: "verify", lazy: async () => ({ Component: (await import("./VerifyScreen")).VerifyScreen }) },
  { path: "reset", lazy: async () => ({ Component: (await import("./ResetScreen")).ResetScreen }) },
  { path: "activate", lazy: async () => ({ Component: (await import("./ActivateScreen")).ActivateScreen }) },
  { path: "sign-out", lazy: async () => ({ Component: (await import("./SignOutScreen")).SignOutScreen }) },
  {
    path: "password",
    element: <RequireMember />,
    children: [{ index: true, lazy: async () => ({ Component: (await import("./ChangePasswordScreen")).ChangePasswordScreen }) }],
  },
];
