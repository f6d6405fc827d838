import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import type { components } from "../../api/schema";

export type PortalSettings = components["schemas"]["PortalSettings"];
export type PortalPage = components["schemas"]["PortalPage"];
export type BarcodeFormat = PortalSettings["barcodeFormat"];
export const BARCODE_FORMATS: BarcodeFormat[] = ["code128", "ean13", "qr", "code39"];

export function usePortalSettings() {
  return useQuery({ queryKey: queryKeys.portalSettings.all, queryFn: () => unwrap(api.GET("/api/v1/portal-settings")) });
}

export function usePortalPages() {
  return useQuery({
    queryKey: queryKeys.portalPages.list(),
    queryFn: async () => (await unwrap(api.GET("/api/v1/portal-pages"))).data,
  });
}
