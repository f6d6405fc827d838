import { createRegularsClient, csrfMiddleware, csrfTokenStore, toApiError } from "@regulars/sdk";
import type { components } from "./schema";

export type Session = components["schemas"]["Session"];
export type Membership = Session["memberships"][number];
export type Permission = Membership["permissions"][number];
export type Role = Membership["role"];
export type Company = components["schemas"]["Company"];
export type Location = components["schemas"]["Location"];
export type StaffMember = components["schemas"]["StaffMember"];
export type StaffInvitation = components["schemas"]["StaffInvitation"];
export type InvitationSent = components["schemas"]["InvitationSent"];
export type ApiKey = components["schemas"]["ApiKey"];
export type AuditEntry = components["schemas"]["AuditEntry"];
export type Member = components["schemas"]["Member"];
export type PrivacyRequest = components["schemas"]["PrivacyRequest"];
export type CustomField = components["schemas"]["CustomField"];
export type Consent = components["schemas"]["Consent"];
export type MemberConsents = components["schemas"]["MemberConsents"];
export type MemberSettings = components["schemas"]["MemberSettings"];
export type Program = components["schemas"]["Program"];
export type ProgramCost = components["schemas"]["ProgramCostAnalysis"];
export type Tier = components["schemas"]["Tier"];
export type TierChange = components["schemas"]["TierChange"];
export type EarningRule = components["schemas"]["EarningRule"];
export type Balance = components["schemas"]["Balance"];
export type LedgerEntry = components["schemas"]["LedgerEntry"];
export type Purchase = components["schemas"]["Purchase"];
export type PurchaseReturn = components["schemas"]["PurchaseReturn"];
export type Language = "pl" | "en";

// The client, its errors and the CSRF middleware are the SDK's (packages/sdk): one copy for the
// admin, the portal and integrators. Re-exported here so the screens keep their imports.
export { ApiError, type ErrorDetail, toApiError, unwrap } from "@regulars/sdk";

const csrfToken = csrfTokenStore();

/** Remembers the CSRF token of the current session; every non-GET request sends it. */
export const setCsrfToken = csrfToken.set;

export const api = createRegularsClient({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  credentials: "include",
});
api.use(csrfMiddleware(csrfToken.get));

/** Uploads an image (multipart field `file`) to the media library. */
export async function uploadMedia(file: File): Promise<{ id: string; url: string }> {
  const form = new FormData();
  form.append("file", file);
  const result = await api.POST("/api/v1/media", {
    body: form as never,
    bodySerializer: (b: unknown) => b as FormData,
  });
  if (!result.response.ok) throw toApiError(result.error, result.response);
  return result.data as { id: string; url: string };
}
