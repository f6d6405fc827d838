/**
 * The admin's live preview of the widget (Settings → Website widget): the real launcher and panel
 * (the same WidgetView as widget.js) in a shadow root inside `container`, positioned in the
 * container rather than the viewport, with sample data and no network. Importing this module has
 * no side effects.
 */
import { messages } from "./messages";
import { sampleSummary } from "./sample";
import type { Lang, WidgetAppearance, WidgetTexts } from "./types";
import { WidgetView } from "./view";
import { type FormField, initialState, type ViewActions, type ViewState } from "./view-state";

export type { WidgetAppearance, WidgetPosition, WidgetTexts } from "./types";

/**
 * What the widget shows where a text is "" (the admin's placeholders). The title's default is the
 * program's name (`defaultTexts(programName)`); DEFAULT_TEXTS has the words used when there is none.
 */
export function defaultTexts(programName = ""): Record<Lang, WidgetTexts> {
  const texts = (lang: Lang): WidgetTexts => {
    const m = messages[lang];
    return { launcher: m.launcher, title: programName || m.title, intro: m.intro };
  };
  return { pl: texts("pl"), en: texts("en") };
}

export const DEFAULT_TEXTS: Record<Lang, WidgetTexts> = defaultTexts();

export interface PreviewInput {
  appearance: WidgetAppearance;
  companyName: string;
  programName: string;
  logoUrl: string | null;
  language: "pl" | "en";
  state: "signed-out" | "member";
  open: boolean;
}

export interface WidgetPreview {
  update(input: PreviewInput): void;
  destroy(): void;
}

const SAMPLE_LINKS = {
  join: "https://example.invalid/p/join",
  resetPassword: "https://example.invalid/p/reset",
  portal: "https://example.invalid/p/",
};

export function mountWidgetPreview(container: HTMLElement, input: PreviewInput): WidgetPreview {
  // The host is positioned against the container, so the container must be a positioned box.
  if (getComputedStyle(container).position === "static") container.style.position = "relative";
  const host = document.createElement("regulars-widget");
  host.setAttribute("data-preview", "");
  let current = input;
  let state: ViewState = initialState(input.language);
  const actions: ViewActions = {
    // The launcher and the close button work in the preview; nothing is sent anywhere.
    setOpen: (open) => draw({ ...current, open }),
    submit: () => {},
    setMode: (mode) => {
      state = { ...state, form: { ...state.form, mode, codeSent: false, errors: {} } };
      draw(current);
    },
    signOut: () => {},
    copyReferral: () => {},
    input: (field: FormField, value: string) => {
      state.form.values[field] = value;
    },
  };
  const size = () => ({ width: container.clientWidth || 400, height: container.clientHeight || 640 });
  const view = new WidgetView(host, actions, true);
  container.appendChild(host);

  function draw(next: PreviewInput): void {
    current = next;
    const member = next.state === "member";
    state = {
      ...state,
      lang: next.language,
      appearance: next.appearance,
      programName: next.programName || next.companyName,
      logoUrl: next.logoUrl,
      links: SAMPLE_LINKS,
      open: next.open,
      screen: member ? "member" : "signed-out",
      summary: member ? sampleSummary(next.language, next.programName || next.companyName) : null,
    };
    view.resize(size());
    view.render(state);
  }

  // The panel's height follows the container's (the admin's layout may change it).
  const observer = typeof ResizeObserver === "function" ? new ResizeObserver(() => draw(current)) : null;
  observer?.observe(container);
  draw(input);
  return {
    update: (next) => draw(next),
    destroy: () => {
      observer?.disconnect();
      host.remove();
    },
  };
}
