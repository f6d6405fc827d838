import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { queryKeys } from "./query-keys";

/** Every location (for pickers), active first. */
export function useAllLocations(enabled = true) {
  return useQuery({
    queryKey: queryKeys.locations.list({ picker: true }),
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
    queryKey: queryKeys.roles.all,
    queryFn: () => unwrap(api.GET("/api/v1/roles")),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Every program of the company (drafts and ended ones too). */
export function usePrograms(enabled = true) {
  return useQuery({
    queryKey: queryKeys.programs.list(),
    enabled,
    queryFn: async () => (await unwrap(api.GET("/api/v1/programs"))).data,
    staleTime: 30_000,
  });
}

/** Custom member fields in display order; `all` includes retired ones. */
export function useCustomFields(all = false, enabled = true) {
  return useQuery({
    queryKey: queryKeys.customFields.list({ all }),
    enabled,
    queryFn: async () => (await unwrap(api.GET("/api/v1/custom-fields", { params: { query: { active: all ? undefined : "true" } } }))).data,
    staleTime: 30_000,
  });
}

export function useConsents(all = false, enabled = true) {
  return useQuery({
    queryKey: queryKeys.consents.list({ all }),
    enabled,
    queryFn: async () => (await unwrap(api.GET("/api/v1/consents", { params: { query: { active: all ? undefined : "true" } } }))).data,
    staleTime: 30_000,
  });
}

export function useTiers(programId: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.tiers.list({ programId }),
    enabled: !!programId,
    queryFn: async () => (await unwrap(api.GET("/api/v1/programs/{id}/tiers", { params: { path: { id: programId ?? "" } } }))).data,
    staleTime: 30_000,
  });
}

/** The company's currency (money amounts are entered in it). */
export function useCompanyCurrency(): string {
  const company = useQuery({
    queryKey: queryKeys.company.all,
    queryFn: () => unwrap(api.GET("/api/v1/company")),
    staleTime: 60_000,
  });
  return company.data?.currency ?? "PLN";
}
