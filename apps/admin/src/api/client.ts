import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

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

/** One field's problem: `code` (see fieldErrors.* translations) and its `params`; `message` is English. */
export interface ErrorDetail {
  path: string;
  code?: string;
  message: string;
  params?: Record<string, string | number>;
}

/** An error response of the API: `{ error: { code, message, details }, requestId }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** Remembers the CSRF token of the current session; every non-GET request sends it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== "GET" && request.method !== "HEAD" && csrfToken) {
      request.headers.set("X-CSRF-Token", csrfToken);
    }
    return request;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  credentials: "include",
});
api.use(csrf);

interface ErrorBody {
  error?: { code?: string; message?: string; details?: ErrorDetail[] };
  requestId?: string;
}

export function toApiError(error: unknown, response: Response): ApiError {
  const body = (error ?? {}) as ErrorBody;
  return new ApiError(
    response.status,
    body.error?.code ?? `http_${response.status}`,
    body.error?.message ?? response.statusText,
    body.error?.details ?? [],
    body.requestId,
  );
}

/** Turns an openapi-fetch result into its data, or throws an ApiError. */
export async function unwrap<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await promise;
  if (!response.ok) throw toApiError(error, response);
  return data as T;
}

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
