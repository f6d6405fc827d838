import type { Lang, WidgetAppearance, WidgetSummary } from "./types";

export type Screen = "loading" | "unavailable" | "signed-out" | "member";
export type FormField = "email" | "password" | "code";

/** What the panel shows: the live widget (widget.ts) and the admin's preview (preview.ts) both fill it. */
export interface ViewState {
  lang: Lang;
  appearance: WidgetAppearance | null;
  programName: string;
  logoUrl: string | null;
  links: { join: string; resetPassword: string; portal: string } | null;
  open: boolean;
  screen: Screen;
  /** A message above the body: an error code (phrased from messages.errors) or an info text. */
  notice: { kind: "error" | "info"; text: string } | null;
  /** Shows the "get a card" link next to the notice (the host's customer has no card yet). */
  offerJoin: boolean;
  summary: WidgetSummary | null;
  busy: boolean;
  copied: boolean;
  form: {
    mode: "password" | "code";
    codeSent: boolean;
    values: Record<FormField, string>;
    errors: Partial<Record<FormField, string>>;
  };
}

export function initialState(lang: Lang): ViewState {
  return {
    lang,
    appearance: null,
    programName: "",
    logoUrl: null,
    links: null,
    open: false,
    screen: "loading",
    notice: null,
    offerJoin: false,
    summary: null,
    busy: false,
    copied: false,
    form: { mode: "password", codeSent: false, values: { email: "", password: "", code: "" }, errors: {} },
  };
}

/** What the panel's controls ask for; the live widget calls the API, the preview ignores most. */
export interface ViewActions {
  setOpen(open: boolean): void;
  submit(): void;
  setMode(mode: "password" | "code"): void;
  signOut(): void;
  copyReferral(): void;
  input(field: FormField, value: string): void;
}
