// The typed client of the Regulars API (README.md): built on openapi-fetch over the types that
// `npm run gen:sdk` generates from the server's OpenAPI document.
export { createRegularsClient, type RegularsClient, type RegularsClientOptions } from "./client.js";
export { csrfMiddleware, csrfTokenStore } from "./csrf.js";
export { ApiError, type ErrorDetail, isApiError, retryAfterSeconds, toApiError, unwrap } from "./errors.js";
export { type Page, paginate } from "./paginate.js";
export { type BodyOf, createRequester, type Method, type PathsWith, type Requester, type SuccessOf } from "./request.js";
export type { components, operations, paths } from "./schema.js";

import type { components } from "./schema.js";

/** A schema of the API by name, e.g. `Schema<"Member">`. */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];
