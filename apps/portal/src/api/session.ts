import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, setCsrfToken, slug, unwrap } from "./client";
import type { components } from "./schema";

/** `{ member: { id, firstName, …, language }, csrfToken }` (GET /api/v1/portal/:slug/session). */
export type MemberSession = components["schemas"]["MemberSession"];

export const sessionKey = ["portal", "session"] as const;

/** The member signed in to this company's portal, or null (the endpoint answered 401). */
export function useMemberSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async (): Promise<MemberSession | null> => {
      try {
        const session = await unwrap(api.GET("/api/v1/portal/{slug}/session", { params: { path: { slug } } }));
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

// Set when the member signs out on this page: the screen they were on then sends them to sign-in
// without a way back to it (a member's screen is no place to return to for the next person).
let signedOut = false;

export function signedOutHere(): boolean {
  return signedOut;
}

/** Stores a session answered by sign-in/sign-up (or null after signing out) as the current one. */
export function useAcceptMemberSession() {
  const queryClient = useQueryClient();
  return (session: MemberSession | null) => {
    setCsrfToken(session?.csrfToken ?? null);
    signedOut = session === null;
    queryClient.setQueryData(sessionKey, session);
    if (!session) {
      // Nothing of the previous member stays on the device: other queries and the offline copies.
      queryClient.removeQueries({ predicate: (q) => !(q.queryKey[0] === sessionKey[0] && q.queryKey[1] === sessionKey[1]) });
      void clearOfflineCopies();
    }
  };
}

/** Deletes the service worker's copies of the member's answers (card, balance, session). */
export async function clearOfflineCopies(): Promise<void> {
  if (typeof caches === "undefined") return;
  await caches.delete("portal-member-api").catch(() => false);
}

/**
 * Signs out on this device (`end()`) or on every device (`endEverywhere()`: a lost phone, a shared
 * computer): the server ends the session(s), then `forget()` drops the member's data from the device.
 */
export function useSignOut() {
  const accept = useAcceptMemberSession();
  const ended = (response: Response) => {
    // 401: the session had ended already; the device forgets it all the same.
    if (!response.ok && response.status !== 401) throw new ApiError(response.status, `http_${response.status}`, response.statusText);
  };
  return {
    async end(): Promise<void> {
      ended((await api.POST("/api/v1/portal/{slug}/logout", { params: { path: { slug } } })).response);
    },
    async endEverywhere(): Promise<void> {
      ended((await api.POST("/api/v1/portal/{slug}/logout-everywhere", { params: { path: { slug } } })).response);
    },
    forget: () => accept(null),
  };
}
