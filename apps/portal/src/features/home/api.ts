import { useQuery } from "@tanstack/react-query";
import { api, slug, unwrap } from "../../api/client";
import type { components } from "../../api/schema";

export type Home = components["schemas"]["PortalHome"];
export type ProgramHome = Home["programs"][number];

/** GET /me/home. The service worker keeps its last answer, so it also opens offline (offlineFirst). */
export function useHome() {
  return useQuery({
    queryKey: ["portal", "me", "home"],
    queryFn: () => unwrap(api.GET("/api/v1/portal/{slug}/me/home", { params: { path: { slug } } })),
    networkMode: "offlineFirst",
  });
}
