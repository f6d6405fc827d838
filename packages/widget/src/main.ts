/**
 * widget.js: `<script src="https://<installation>/widget.js" data-company="wpk_…" async></script>`.
 * Finds its own tag, takes the commands queued in `window.regulars` before it loaded, then
 * replaces the queue with an object whose `push` runs commands at once.
 */
import { Widget } from "./widget";

type Queue = { push(...commands: unknown[]): number; loaded?: true };

declare global {
  interface Window {
    regulars?: unknown[] | Queue;
  }
}

function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.company) return current;
  // currentScript is null when a loader injected the tag in a way that runs it as a module or later.
  return document.querySelector<HTMLScriptElement>('script[data-company][src*="widget.js"]');
}

function boot(): void {
  const queued = window.regulars;
  // Included twice: the first copy already runs the commands.
  if (queued && !Array.isArray(queued) && queued.loaded) return;
  const script = ownScript();
  const publicKey = script?.dataset.company;
  if (!script || !publicKey) {
    console.warn('[regulars widget] no <script data-company="…"> found: the widget needs its public key');
    return;
  }
  const widget = new Widget({ origin: new URL(script.src, location.href).origin, publicKey });
  window.regulars = {
    loaded: true,
    push(...commands: unknown[]) {
      for (const c of commands) widget.run(c);
      return 0;
    },
  };
  if (script.dataset.lang) widget.run(["language", script.dataset.lang]);
  if (script.dataset.token) widget.run(["identify", { token: script.dataset.token }]);
  for (const c of Array.isArray(queued) ? queued : []) widget.run(c);
  void widget.start();
}

boot();
