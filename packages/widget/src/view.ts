import { inkOnWhite, safeAccent, textOn } from "./colors";
import { h } from "./dom";
import { messages } from "./messages";
import { panelBody } from "./panel-body";
import { CSS, hostCss } from "./styles";
import type { ViewActions, ViewState } from "./view-state";

const STAR =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6L2.5 9.4l6.6-.8z"/></svg>';

const FOCUSABLE = 'a[href],button,input,[tabindex]:not([tabindex="-1"])';

/**
 * The launcher and the panel in an open shadow root on `host`. `render(state)` brings the DOM to
 * the state; the panel's body is rebuilt each time and the focused control is found again by its
 * `data-k`. Opening moves the focus in, Tab cycles inside the panel, Escape closes it and returns
 * the focus to the launcher.
 */
export class WidgetView {
  readonly shadow: ShadowRoot;
  private readonly hostStyle = h("style");
  private readonly root = h("div", { class: "root" });
  private readonly panel = h("div", { class: "panel", id: "rw-panel", role: "dialog", "aria-labelledby": "rw-title", hidden: true });
  private readonly logo = h("img", { alt: "", hidden: true });
  private readonly title = h("h2", { id: "rw-title" });
  private readonly closeButton = h("button", { type: "button", class: "x", "data-k": "close" }, "×");
  private readonly status = h("div", { class: "status", role: "status", "aria-live": "polite" });
  private readonly body = h("div", { class: "body" });
  private readonly launcher = h("button", {
    type: "button",
    class: "launcher",
    "data-k": "launcher",
    "aria-controls": "rw-panel",
    "aria-expanded": "false",
  });
  private readonly launcherText = h("span");
  private wasOpen = false;
  private state: ViewState | null = null;
  /** The preview's container size (the live widget measures the viewport with CSS). */
  private size: { width: number; height: number } | null = null;

  /** `preview`: inside the admin's container, never taking the focus unless the admin clicks in it. */
  constructor(
    host: HTMLElement,
    private readonly actions: ViewActions,
    private readonly preview = false,
  ) {
    this.shadow = host.attachShadow({ mode: "open" });
    this.launcher.innerHTML = STAR;
    this.launcher.appendChild(this.launcherText);
    this.launcher.addEventListener("click", () => actions.setOpen(!this.state?.open));
    this.closeButton.addEventListener("click", () => actions.setOpen(false));
    this.panel.append(h("div", { class: "head" }, this.logo, this.title, this.closeButton), this.status, this.body);
    this.root.append(this.panel, this.launcher);
    this.root.addEventListener("keydown", (e) => this.onKey(e));
    this.shadow.append(this.hostStyle, h("style", {}, CSS), this.root);
  }

  render(state: ViewState): void {
    this.state = state;
    const m = messages[state.lang];
    const appearance = state.appearance;
    const texts = appearance?.texts[state.lang];
    const accent = safeAccent(appearance?.accentColor);
    const hostCssText = hostCss(appearance?.position ?? "bottom-right", this.preview);
    if (this.hostStyle.textContent !== hostCssText) this.hostStyle.textContent = hostCssText;
    const size = this.size;
    this.root.setAttribute(
      "style",
      `--accent:${accent};--on-accent:${textOn(accent)};--ink:${inkOnWhite(accent)};` +
        (size ? `--vw:${size.width}px;--maxh:${Math.max(200, size.height - 96)}px` : "--vw:100vw;--maxh:calc(100vh - 96px)"),
    );
    this.root.lang = state.lang;

    this.launcherText.textContent = texts?.launcher || m.launcher;
    this.launcher.setAttribute("aria-expanded", String(state.open));
    this.title.textContent = texts?.title || state.programName || m.title;
    this.logo.hidden = !state.logoUrl;
    if (state.logoUrl && this.logo.getAttribute("src") !== state.logoUrl) this.logo.src = state.logoUrl;
    this.closeButton.setAttribute("aria-label", m.close);

    const loading = state.screen === "loading" || (state.busy && state.screen === "member");
    this.status.className = `status ${state.notice ? state.notice.kind : ""}`;
    this.status.replaceChildren(
      ...(state.notice ? [state.notice.text] : loading ? [h("span", { class: "spin", "aria-hidden": "true" }), m.loading] : []),
    );
    if (state.notice && state.offerJoin && state.links) {
      this.status.append(" ", h("a", { href: state.links.join, target: "_blank", rel: "noopener" }, m.join));
    }

    const focusedKey = (this.shadow.activeElement as HTMLElement | null)?.dataset?.k;
    const focusInBody = this.body.contains(this.shadow.activeElement);
    this.body.replaceChildren(...panelBody(state, this.actions));
    this.panel.hidden = !state.open;
    // The admin's own controls open the preview: its focus stays where the admin is typing.
    if (state.open && !this.wasOpen && (!this.preview || this.shadow.activeElement)) this.initialFocus();
    else if (state.open && focusInBody) {
      const again = focusedKey ? this.body.querySelector<HTMLElement>(`[data-k="${focusedKey}"]`) : null;
      (again ?? this.firstFocus()).focus();
    } else if (!state.open && this.wasOpen && this.shadow.activeElement && this.shadow.activeElement !== this.launcher) {
      this.launcher.focus();
    }
    this.wasOpen = state.open;
  }

  resize(size: { width: number; height: number }): void {
    this.size = size;
  }

  /** Moves the focus to the first field that has an error (after a refused sign-in). */
  focusField(key: string): void {
    this.body.querySelector<HTMLElement>(`[data-k="${key}"]`)?.focus();
  }

  private firstFocus(): HTMLElement {
    return this.body.querySelector<HTMLElement>("[data-autofocus]") ?? this.closeButton;
  }

  private initialFocus(): void {
    this.firstFocus().focus();
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.state?.open) return;
    if (e.key === "Escape") {
      e.stopPropagation();
      this.actions.setOpen(false);
      this.launcher.focus();
      return;
    }
    if (e.key !== "Tab" || !this.panel.contains(this.shadow.activeElement)) return;
    const items = [...this.panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
    const first = items[0];
    const last = items[items.length - 1];
    const active = this.shadow.activeElement;
    if (e.shiftKey ? active === first : active === last) {
      e.preventDefault();
      (e.shiftKey ? last : first)?.focus();
    }
  }
}
