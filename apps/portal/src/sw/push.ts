/// <reference lib="webworker" />
/**
 * Web Push in the portal's service worker (modules/push on the server sends the payload):
 * `push` shows the notification, `notificationclick` opens (or focuses) the address it names.
 * The payload is `{ title, body, url, icon }`, encrypted for this browser's subscription.
 */
interface PushPayload {
  title?: string;
  body?: string;
  url?: string;
  icon?: string;
}

export function registerPushHandlers(sw: ServiceWorkerGlobalScope): void {
  const scope = sw.registration.scope;

  sw.addEventListener("push", (event) => {
    let data: PushPayload = {};
    try {
      data = (event.data?.json() ?? {}) as PushPayload;
    } catch {
      data = { body: event.data?.text() ?? "" };
    }
    event.waitUntil(
      sw.registration.showNotification(data.title || sw.registration.scope, {
        body: data.body ?? "",
        icon: data.icon,
        badge: data.icon,
        data: { url: safeUrl(data.url, scope) },
      }),
    );
  });

  sw.addEventListener("notificationclick", (event) => {
    event.notification.close();
    const url = safeUrl((event.notification.data as { url?: string } | null)?.url, scope);
    event.waitUntil(
      (async () => {
        const windows = await sw.clients.matchAll({ type: "window", includeUncontrolled: true });
        const same = windows.find((w) => w.url === url);
        if (same) return same.focus();
        // A portal window already open moves to the address rather than opening a second one.
        const portal = windows.find((w) => w.url.startsWith(scope));
        if (portal) return (await portal.navigate(url))?.focus() ?? portal.focus();
        return sw.clients.openWindow(url);
      })(),
    );
  });
}

/** Only http(s) addresses are opened; anything else (or nothing) opens the portal. */
function safeUrl(url: string | undefined, fallback: string): string {
  try {
    const u = new URL(url ?? "", fallback);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : fallback;
  } catch {
    return fallback;
  }
}
