import type { TFunction } from "i18next";
import { ApiError, api, slug, unwrap } from "../../api/client";
import type { components, paths } from "../../api/schema";

export type Profile = components["schemas"]["PortalProfile"];
export type ProfilePatch = paths["/api/v1/portal/{slug}/me/profile"]["patch"]["requestBody"]["content"]["application/json"];
export type Consent = components["schemas"]["PortalConsents"]["data"][number];

export const profileKey = ["portal", "me", "profile"] as const;
export const consentsKey = ["portal", "me", "consents"] as const;

const path = { params: { path: { slug } } };

export const fetchProfile = () => unwrap(api.GET("/api/v1/portal/{slug}/me/profile", path));
export const saveProfile = (body: ProfilePatch) => unwrap(api.PATCH("/api/v1/portal/{slug}/me/profile", { ...path, body }));
export const fetchConsents = () => unwrap(api.GET("/api/v1/portal/{slug}/me/consents", path));
export const saveConsent = (c: Consent, granted: boolean) =>
  unwrap(
    api.PUT("/api/v1/portal/{slug}/me/consents", { ...path, body: { changes: [{ consentId: c.consentId, granted, version: c.version }] } }),
  );
export const requestDeletion = (reason: string) =>
  unwrap(api.POST("/api/v1/portal/{slug}/me/deletion-request", { ...path, body: { reason } }));

/** Saves my data export as my-data-<date>.json. */
export async function downloadMyData(): Promise<void> {
  const data = await unwrap(api.GET("/api/v1/portal/{slug}/me/export", path));
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `my-data-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(link.href);
}

/** The API's field errors by form path ("address.city", "customFields.key"), in the member's language. */
export function fieldErrors(err: unknown, t: TFunction): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  return Object.fromEntries(
    err.details.map((d) => [
      d.path,
      t(`profile.fieldErrors.${d.code ?? "invalid"}`, { defaultValue: t("profile.fieldErrors.invalid"), ...d.params }),
    ]),
  );
}
