import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";

/** Every location (for pickers), active first. */
export function useAllLocations(enabled = true) {
  return useQuery({
    queryKey: ["locations", "all"],
    enabled,
    queryFn: async () => {
      const page = await unwrap(api.GET("/api/v1/locations", { params: { query: { limit: 200 } } }));
      return [...page.data].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
    },
    staleTime: 30_000,
  });
}

export function useRoles() {
  return useQuery({
    queryKey: ["roles"],
    queryFn: () => unwrap(api.GET("/api/v1/roles")),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
