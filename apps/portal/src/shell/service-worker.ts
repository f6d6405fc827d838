import { base } from "../api/client";

/**
 * Registers the service worker the server serves at `<base>sw.js` for this company's portal
 * (scope `<base>`): it keeps the app shell, the portal page and the member's card and last
 * balance for offline use (src/sw.ts).
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).catch(() => {
      // No service worker (private mode, an old browser): the portal works online all the same.
    });
  };
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}
