import { ApiError, api, base, slug, unwrap } from "../../api/client";

/**
 * This device's push subscription: the browser's PushManager under the portal's service worker
 * (scope `<base>`), with the installation's VAPID key from the API, registered with the member's
 * session. The subscription itself lives in the browser; the server keeps its endpoint and keys.
 */
export type PushState = "unsupported" | "denied" | "off" | "on";

export function pushSupported(): boolean {
  return typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!pushSupported()) return null;
  return (await navigator.serviceWorker.getRegistration(base)) ?? null;
}

export async function pushState(): Promise<PushState> {
  if (!pushSupported()) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  const reg = await registration();
  if (!reg) return "unsupported";
  return (await reg.pushManager.getSubscription()) ? "on" : "off";
}

/** base64url (the VAPID key as the API gives it) -> the bytes PushManager.subscribe wants. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const padded = `${base64url}${"=".repeat((4 - (base64url.length % 4)) % 4)}`.replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** Why turning on failed, in words the switch shows. */
export type PushFailure = "denied" | "consent" | "unsupported" | "failed";

export async function turnPushOn(): Promise<PushFailure | null> {
  const reg = await registration();
  if (!reg) return "unsupported";
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return "denied";
  const { publicKey } = await unwrap(api.GET("/api/v1/portal/{slug}/push/key", { params: { path: { slug } } }));
  const subscription =
    (await reg.pushManager.getSubscription()) ??
    (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  const json = subscription.toJSON();
  try {
    await unwrap(
      api.POST("/api/v1/portal/{slug}/me/push-subscriptions", {
        params: { path: { slug } },
        body: { endpoint: json.endpoint ?? subscription.endpoint, keys: { p256dh: json.keys?.p256dh ?? "", auth: json.keys?.auth ?? "" } },
      }),
    );
  } catch (err) {
    // Without the consent the browser's subscription is of no use: drop it, so the switch stays honest.
    await subscription.unsubscribe().catch(() => undefined);
    if (err instanceof ApiError && err.code === "push_consent_required") return "consent";
    return "failed";
  }
  return null;
}

export async function turnPushOff(): Promise<void> {
  const reg = await registration();
  const subscription = await reg?.pushManager.getSubscription();
  if (!subscription) return;
  const endpoint = subscription.endpoint;
  await subscription.unsubscribe();
  try {
    await unwrap(api.DELETE("/api/v1/portal/{slug}/me/push-subscriptions", { params: { path: { slug } }, body: { endpoint } }));
  } catch (err) {
    // Already forgotten by the server (it removes devices the push service reports gone): fine.
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  }
}
