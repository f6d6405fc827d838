import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, getPortalJson, setCsrfToken } from "./client";

/** The signed-in member as the session endpoint gives it (only what the shell reads). */
export interface SessionMember {
  id: string;
  language?: "pl" | "en";
  firstName?: string | null;
  [key: string]: unknown;
}

export interface MemberSession {
  member: SessionMember;
  csrfToken: string;
}

export const sessionKey = ["portal", "session"] as const;

/** The member signed in to this company's portal, or null (the endpoint answered 401). */
export function useMemberSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async (): Promise<MemberSession | null> => {
      try {
        const session = await getPortalJson<MemberSession>("session");
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

/** Stores a session answered by sign-in/sign-up (or null after sign-out) as the current one. */
export function useAcceptMemberSession() {
  const queryClient = useQueryClient();
  return (session: MemberSession | null) => {
    setCsrfToken(session?.csrfToken ?? null);
    queryClient.setQueryData(sessionKey, session);
    if (!session) {
      // Nothing of the previous member stays on the device: other queries and the offline copies.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] || q.queryKey[1] !== sessionKey[1] });
      void clearOfflineCopies();
    }
  };
}

/** Deletes the service worker's cached member answers (card, balance) on sign-out. */
export async function clearOfflineCopies(): Promise<void> {
  if (typeof caches === "undefined") return;
  await caches.delete("portal-member-api").catch(() => false);
}
