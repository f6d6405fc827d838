import { isWidgetError, type WidgetApi, widgetApi } from "./api";
import { checkForm, errorText, fieldErrors } from "./errors";
import { dropSession, loadSignInSession, loadTokenSession, markSignedOut, saveSession, signedOutSub, tokenClaims } from "./sessions";
import type { Lang, WidgetConfig, WidgetError, WidgetSession } from "./types";
import { WidgetView } from "./view";
import { type FormField, initialState, type ViewActions, type ViewState } from "./view-state";

/** A summary older than this is fetched again when the panel opens. */
const SUMMARY_FRESH_MS = 60_000;

const asLang = (v: unknown): Lang | null => {
  const s = typeof v === "string" ? v.toLowerCase() : "";
  return s.startsWith("pl") ? "pl" : s.startsWith("en") ? "en" : null;
};

export interface WidgetOptions {
  /** The installation's origin (where widget.js came from). */
  origin: string;
  publicKey: string;
}

/**
 * The live widget: the host page's commands, the sessions and the API calls, drawn by WidgetView.
 * Language: a `language` command or data-lang, else the page's <html lang>, else the token's
 * `lang`, else the member's, else the company's.
 */
export class Widget implements ViewActions {
  private readonly api: WidgetApi;
  private view: WidgetView | null = null;
  private state: ViewState;
  private config: WidgetConfig | null = null;
  private started = false;
  private session: { token: string; via: WidgetSession["via"]; sub: string | null } | null = null;
  /** The host's token given before the configuration arrived. */
  private pendingToken: string | null = null;
  private explicitLang: Lang | null = null;
  private tokenLang: Lang | null = null;
  private memberLang: Lang | null = null;
  private summaryAt = 0;
  private copiedTimer = 0;

  constructor(private readonly options: WidgetOptions) {
    this.api = widgetApi(options.origin, options.publicKey);
    this.state = initialState(this.lang());
  }

  /** One command of `window.regulars`: ["identify", { token }], ["open"], ["close"], ["logout"], ["language", "pl" | "en"]. */
  run(command: unknown): void {
    if (!Array.isArray(command)) return;
    const [name, arg] = command as [unknown, unknown];
    if (name === "identify") {
      const token = (arg as { token?: unknown } | null)?.token;
      if (typeof token === "string" && token) void this.identify(token);
    } else if (name === "open" || name === "close") this.setOpen(name === "open");
    else if (name === "logout") this.signOut();
    else if (name === "language") {
      this.explicitLang = asLang(arg);
      this.update({});
    }
  }

  /** Fetches the configuration and shows the launcher, then signs in with the page's token or the stored session. */
  async start(): Promise<void> {
    const publicKey = this.options.publicKey;
    if (!this.pendingToken) dropSession(publicKey, "token");
    try {
      this.config = await this.api.config();
    } catch (e) {
      const error = asError(e);
      // Unknown key or the widget switched off: nothing to show on the page.
      if (error.status === 404) {
        console.warn(`[regulars widget] the widget ${publicKey} is unknown or switched off`);
        return;
      }
      console.warn(`[regulars widget] configuration refused: ${error.code}`);
      this.mount();
      this.update({ screen: "unavailable", notice: { kind: "error", text: errorText(this.lang(), error) } });
      return;
    }
    const c = this.config;
    this.started = true;
    this.mount();
    this.update({ appearance: c.appearance, programName: c.programName, logoUrl: c.logoUrl, links: c.links });
    const token = this.pendingToken;
    this.pendingToken = null;
    if (token) return this.identify(token);
    const stored = loadSignInSession(publicKey);
    if (stored) this.useSession({ token: stored, via: "sign_in", sub: null });
    else this.update({ screen: "signed-out" });
  }

  private mount(): void {
    if (this.view) return;
    const host = document.createElement("regulars-widget");
    this.view = new WidgetView(host, this);
    const attach = () => document.body.appendChild(host);
    if (document.body) attach();
    else document.addEventListener("DOMContentLoaded", attach, { once: true });
  }

  private lang(): Lang {
    const page = asLang(document.documentElement.lang);
    return this.explicitLang ?? page ?? this.tokenLang ?? this.memberLang ?? this.config?.language ?? "pl";
  }

  private update(patch: Partial<ViewState>): void {
    this.state = { ...this.state, ...patch, lang: this.lang() };
    this.view?.render(this.state);
  }

  private async identify(token: string): Promise<void> {
    const publicKey = this.options.publicKey;
    const { sub, lang } = tokenClaims(token);
    this.tokenLang = asLang(lang);
    if (!this.started) {
      this.pendingToken = token;
      return;
    }
    if (sub && signedOutSub(publicKey) === sub) {
      // This customer signed out of the widget in this tab: the page's token does not sign them in again.
      this.update({ screen: this.session ? this.state.screen : "signed-out" });
      return;
    }
    markSignedOut(publicKey, null);
    const stored = sub ? loadTokenSession(publicKey, sub) : null;
    if (stored) return this.useSession({ token: stored, via: "token", sub });
    dropSession(publicKey, "token");
    this.update({ screen: "loading", notice: null });
    try {
      const session = await this.api.tokenSession(token);
      saveSession(publicKey, session, sub ?? undefined);
      this.useSession({ token: session.sessionToken, via: "token", sub });
    } catch (e) {
      const error = asError(e);
      this.session = null;
      this.update({
        screen: "signed-out",
        summary: null,
        notice: { kind: "error", text: errorText(this.lang(), error) },
        offerJoin: error.code === "member_not_found",
      });
    }
  }

  private useSession(session: { token: string; via: WidgetSession["via"]; sub: string | null }): void {
    this.session = session;
    this.summaryAt = 0;
    this.update({ screen: "loading", summary: null, notice: null, offerJoin: false });
    if (this.state.open) void this.loadSummary();
  }

  private async loadSummary(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.summaryAt = Date.now();
    this.update({ busy: true });
    try {
      const summary = await this.api.me(session.token);
      if (this.session !== session) return;
      this.memberLang = asLang(summary.member.language);
      this.update({ screen: "member", summary, busy: false, notice: null });
    } catch (e) {
      if (this.session !== session) return;
      const error = asError(e);
      this.summaryAt = 0;
      if (error.status === 401) {
        dropSession(this.options.publicKey, session.via === "token" ? "token" : "sign_in");
        this.session = null;
        this.update({ screen: "signed-out", summary: null, busy: false, notice: { kind: "error", text: errorText(this.lang(), error) } });
      } else {
        this.update({ busy: false, notice: { kind: "error", text: errorText(this.lang(), error) } });
      }
    }
  }

  setOpen(open: boolean): void {
    if (!this.view) {
      this.state = { ...this.state, open };
      return;
    }
    this.update({ open });
    if (open && this.session && Date.now() - this.summaryAt > SUMMARY_FRESH_MS) void this.loadSummary();
  }

  input(field: FormField, value: string): void {
    // Kept without drawing again: the field shows what was typed already.
    this.state.form.values[field] = value;
  }

  setMode(mode: "password" | "code"): void {
    this.update({ notice: null, form: { ...this.state.form, mode, codeSent: false, errors: {} } });
  }

  async submit(): Promise<void> {
    if (this.state.busy) return;
    const lang = this.lang();
    const form = this.state.form;
    const fields: FormField[] = form.mode === "password" ? ["email", "password"] : form.codeSent ? ["email", "code"] : ["email"];
    const errors = checkForm(lang, form.values, fields);
    const firstWrong = fields.find((f) => errors[f]);
    if (firstWrong) {
      this.update({ form: { ...form, errors }, notice: null });
      this.view?.focusField(firstWrong);
      return;
    }
    this.update({ busy: true, notice: null, form: { ...form, errors: {} } });
    const email = form.values.email.trim();
    try {
      if (form.mode === "code" && !form.codeSent) {
        await this.api.sendCode(email);
        this.update({ busy: false, form: { ...this.state.form, codeSent: true } });
        this.view?.focusField("code");
        return;
      }
      const session =
        form.mode === "password"
          ? await this.api.passwordSession(email, form.values.password)
          : await this.api.codeSession(email, form.values.code.trim());
      saveSession(this.options.publicKey, session);
      this.update({ busy: false, form: initialState(lang).form });
      this.useSession({ token: session.sessionToken, via: session.via, sub: null });
    } catch (e) {
      const error = asError(e);
      const onFields = fieldErrors(lang, error);
      const first = fields.find((f) => onFields[f]);
      this.update({
        busy: false,
        form: { ...this.state.form, errors: onFields },
        notice: first ? null : { kind: "error", text: errorText(lang, error, "sign-in") },
      });
      if (first) this.view?.focusField(first);
    }
  }

  signOut(): void {
    const session = this.session;
    this.session = null;
    if (session) {
      void this.api.signOut(session.token).catch(() => {
        // Already ended on the server; forgetting it here is what matters.
      });
      if (session.via === "token") markSignedOut(this.options.publicKey, session.sub);
    }
    dropSession(this.options.publicKey, "token");
    dropSession(this.options.publicKey, "sign_in");
    this.update({ screen: "signed-out", summary: null, notice: null, offerJoin: false, busy: false });
  }

  copyReferral(): void {
    const link = this.state.summary?.referralLink;
    if (!link) return;
    const done = () => {
      this.update({ copied: true });
      clearTimeout(this.copiedTimer);
      this.copiedTimer = window.setTimeout(() => this.update({ copied: false }), 2500);
    };
    // Without clipboard access the field's text is selected (on focus) so the member can copy it by hand.
    const byHand = () => this.view?.focusField("ref");
    if (navigator.clipboard) navigator.clipboard.writeText(link).then(done, byHand);
    else byHand();
  }
}

function asError(e: unknown): WidgetError {
  return isWidgetError(e) ? e : { status: 0, code: "generic", details: [] };
}
