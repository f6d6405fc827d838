import { api, slug, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { MemberSession } from "../../api/session";

// The identity routes, typed by the generated schema. Every path carries the company's slug.
const path = { params: { path: { slug } } };

export type SignupForm = Awaited<ReturnType<typeof loadSignupForm>>;

export function loadSignupForm(ref: string | null) {
  return unwrap(api.GET("/api/v1/portal/{slug}/signup-form", { params: { path: { slug }, query: ref ? { ref } : {} } }));
}

export type SignupBody = paths["/api/v1/portal/{slug}/signup"]["post"]["requestBody"]["content"]["application/json"];

export const signUp = (body: SignupBody) => unwrap(api.POST("/api/v1/portal/{slug}/signup", { ...path, body }));

export const verifySignup = (body: { token: string } | { email: string; code: string }) =>
  unwrap(api.POST("/api/v1/portal/{slug}/signup/verify", { ...path, body })) as Promise<MemberSession>;

export const signInWithPassword = (body: { email: string; password: string }) =>
  unwrap(api.POST("/api/v1/portal/{slug}/login", { ...path, body })) as Promise<MemberSession>;

export const requestLoginCode = (email: string) => unwrap(api.POST("/api/v1/portal/{slug}/login/code", { ...path, body: { email } }));

export const signInWithCode = (body: { email: string; code: string }) =>
  unwrap(api.POST("/api/v1/portal/{slug}/login/code/verify", { ...path, body })) as Promise<MemberSession>;

export const requestPasswordReset = (email: string) =>
  unwrap(api.POST("/api/v1/portal/{slug}/password-reset", { ...path, body: { email } }));

export const confirmPasswordReset = (body: { token: string; password: string } | { email: string; code: string; password: string }) =>
  unwrap(api.POST("/api/v1/portal/{slug}/password-reset/confirm", { ...path, body })) as Promise<MemberSession>;

export const requestActivation = (identifier: string) =>
  unwrap(api.POST("/api/v1/portal/{slug}/activate", { ...path, body: { identifier } }));

export const confirmActivation = (body: { identifier: string; code: string; password: string }) =>
  unwrap(api.POST("/api/v1/portal/{slug}/activate/confirm", { ...path, body })) as Promise<MemberSession>;

export const changePassword = (body: { currentPassword?: string; newPassword: string }) =>
  unwrap(api.PUT("/api/v1/portal/{slug}/me/password", { ...path, body }));
