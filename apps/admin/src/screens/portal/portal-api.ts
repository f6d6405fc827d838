import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import type { components } from "../../api/schema";

export type PortalSettings = components["schemas"]["PortalSettings"];
export type PortalPage = components["schemas"]["PortalPage"];
export type BarcodeFormat = PortalSettings["barcodeFormat"];
export const BARCODE_FORMATS: BarcodeFormat[] = ["code128", "ean13", "qr", "code39"];

// Shared with the website widget's screen (its preview names the program as the portal does).
export { usePortalSettings } from "../../api/lookups";

export function usePortalPages() {
  return useQuery({
    queryKey: queryKeys.portalPages.list(),
    queryFn: async () => (await unwrap(api.GET("/api/v1/portal-pages"))).data,
  });
}
