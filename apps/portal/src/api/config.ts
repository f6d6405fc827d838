import { useQuery } from "@tanstack/react-query";
import { getPortalJson } from "./client";

/**
 * The portal's public configuration (GET /api/v1/portal/:slug/config): only the fields the shell
 * reads; every one may be missing (the shell falls back to the slug and the default colour).
 */
export interface PortalConfig {
  company?: { name?: string; language?: "pl" | "en" };
  layout?: {
    programName?: string | null;
    logoUrl?: string | null;
    accentColor?: string | null;
    backgroundUrl?: string | null;
    identifierLabel?: string | null;
    barcodeFormat?: string | null;
  };
  pages?: { id: string; title: string }[];
}

export const configKey = ["portal", "config"] as const;

export function usePortalConfig() {
  return useQuery({
    queryKey: configKey,
    queryFn: () => getPortalJson<PortalConfig>("config"),
    staleTime: 5 * 60_000,
    retry: false,
  });
}
