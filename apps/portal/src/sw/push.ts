/// <reference lib="webworker" />
/**
 * Web Push in the portal's worker: a message shows as a notification; tapping it opens (or
 * focuses) the portal at the message's address. The payload is JSON
 * `{ "title": "…", "body": "…", "url": "<path in the portal, optional>", "tag": "…" (optional) }`;
 * plain text is shown as the body under the portal's name.
 */
declare const self: ServiceWorkerGlobalScope;

interface PushMessage {
  title: string;
  body: string;
  url: string | null;
  tag: string | null;
}

export function parsePushMessage(text: string, fallbackTitle: string): PushMessage {
  try {
    const data = JSON.parse(text) as Record<string, unknown>;
    if (data && typeof data === "object") {
      const str = (v: unknown) => (typeof v === "string" && v.trim() ? v : null);
      return {
        title: str(data.title) ?? fallbackTitle,
        body: str(data.body) ?? "",
        url: str(data.url),
        tag: str(data.tag),
      };
    }
  } catch {
    // not JSON: the text is the message
  }
  return { title: fallbackTitle, body: text, url: null, tag: null };
}

/** Only addresses of this portal (same origin, inside the scope) are opened from a notification. */
function targetOf(url: string | null): string {
  const scope = new URL(self.registration.scope);
  if (!url) return scope.href;
  const target = new URL(url, scope);
  return target.origin === scope.origin && target.pathname.startsWith(scope.pathname) ? target.href : scope.href;
}

export function registerPushHandlers(): void {
  self.addEventListener("push", (event) => {
    const message = parsePushMessage(event.data?.text() ?? "", new URL(self.registration.scope).host);
    const scope = new URL(self.registration.scope);
    event.waitUntil(
      self.registration.showNotification(message.title, {
        body: message.body,
        tag: message.tag ?? undefined,
        icon: `${scope.pathname}icon-192.png`,
        data: { url: targetOf(message.url) },
      }),
    );
  });

  self.addEventListener("notificationclick", (event) => {
    event.notification.close();
    const url = (event.notification.data as { url?: string } | null)?.url ?? self.registration.scope;
    event.waitUntil(
      (async () => {
        const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
        const open = windows.find((w) => w.url.startsWith(self.registration.scope));
        if (open) {
          await open.focus();
          await open.navigate(url).catch(() => null);
          return;
        }
        await self.clients.openWindow(url);
      })(),
    );
  });
}
