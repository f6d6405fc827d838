import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, type Permission, type Session, setCsrfToken, unwrap } from "./client";
import { queryKeys } from "./query-keys";

export const sessionKey = queryKeys.session.all;

/** The signed-in staff member, or null when nobody is signed in. */
export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async (): Promise<Session | null> => {
      try {
        const session = await unwrap(api.GET("/api/v1/auth/session"));
        setCsrfToken(session.csrfToken);
        return session;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function useSetupStatus() {
  return useQuery({
    queryKey: queryKeys.setup.all,
    queryFn: () => unwrap(api.GET("/api/v1/setup")),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Stores a session returned by login / setup / switch-company as the current one. */
export function useAcceptSession() {
  const queryClient = useQueryClient();
  return (session: Session | null) => {
    setCsrfToken(session?.csrfToken ?? null);
    queryClient.setQueryData(sessionKey, session);
  };
}

export function activeMembership(session: Session | null | undefined) {
  if (!session?.companyId) return undefined;
  return session.memberships.find((m) => m.company.id === session.companyId);
}

export function permissionsOf(session: Session | null | undefined): ReadonlySet<Permission> {
  return new Set(activeMembership(session)?.permissions ?? []);
}

/** The current session; only for components rendered inside the signed-in shell. */
export function useCurrentSession(): Session {
  const { data } = useSession();
  if (!data) throw new Error("useCurrentSession outside the signed-in shell");
  return data;
}

export function useCan(permission: Permission): boolean {
  const { data } = useSession();
  return permissionsOf(data).has(permission);
}
