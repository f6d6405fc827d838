import type { ReactNode } from "react";
import { Navigate, Outlet, useLocation } from "react-router";
import { signedOutHere, useMemberSession } from "../api/session";
import { ErrorState } from "./ErrorState";
import { ScreenLoader } from "./Layout";

/**
 * Only for a signed-in member: without a session (the session endpoint answered 401) it sends the
 * visitor to sign-in, which comes back to `next` afterwards. Wraps `children`, or the child routes
 * when used as a layout route (`{ element: <RequireMember />, children: [...] }`).
 */
export function RequireMember({ children }: { children?: ReactNode }) {
  const session = useMemberSession();
  const location = useLocation();
  if (session.isPending) return <ScreenLoader />;
  if (session.isError && !session.data) return <ErrorState onRetry={() => void session.refetch()} />;
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    const back = next === "/" || signedOutHere() ? "" : `?next=${encodeURIComponent(next)}`;
    return <Navigate to={`/sign-in${back}`} replace />;
  }
  return children ?? <Outlet />;
}
