import { h, safeUrl } from "./dom";
import { formatBp, formatDateTime, formatDay, formatMoney, formatPoints } from "./format";
import { byCode, fill, type Messages, messages } from "./messages";
import type { HomeProgram, Lang, Operation, PortalReward, WidgetSummary } from "./types";
import type { FormField, ViewActions, ViewState } from "./view-state";

/** The panel's content below its title, rebuilt from the state on every change (view.ts keeps the focus). */
export function panelBody(state: ViewState, actions: ViewActions): Node[] {
  if (state.screen === "signed-out") return signedOut(state, actions);
  if (state.screen === "member" && state.summary) return member(state, state.summary, actions);
  return [];
}

/** A link that opens the portal in a new tab, saying so to screen readers. */
function outLink(
  m: Messages,
  href: string | null | undefined,
  content: Node | string | (Node | string)[],
  attrs: Record<string, string> = {},
): HTMLElement | null {
  const url = safeUrl(href);
  if (!url) return null;
  return h(
    "a",
    { href: url, target: "_blank", rel: "noopener", ...attrs },
    ...[content].flat(),
    h("span", { class: "sr" }, ` ${m.newTab}`),
  );
}

function signedOut(state: ViewState, actions: ViewActions): Node[] {
  const m = messages[state.lang];
  const f = state.form;
  const texts = state.appearance?.texts[state.lang];
  const field = (key: FormField, label: string, attrs: Record<string, string>) => {
    const error = f.errors[key];
    const id = `rw-${key}`;
    return h(
      "div",
      { class: "field" },
      h("label", { for: id }, label),
      h("input", {
        id,
        name: key,
        "data-k": key,
        value: f.values[key],
        required: true,
        "aria-invalid": error ? "true" : null,
        "aria-describedby": error ? `${id}-err` : null,
        onInput: (e: Event) => actions.input(key, (e.target as HTMLInputElement).value),
        ...attrs,
      }),
      error ? h("p", { id: `${id}-err`, class: "ferr" }, error) : null,
    );
  };
  const submitLabel = f.mode === "code" && !f.codeSent ? m.sendCode : m.signIn;
  const form = h(
    "form",
    {
      novalidate: true,
      "aria-labelledby": "rw-signin",
      onSubmit: (e: Event) => {
        e.preventDefault();
        actions.submit();
      },
    },
    field("email", m.email, { type: "email", autocomplete: "email", "data-autofocus": "" }),
    f.mode === "password" ? field("password", m.password, { type: "password", autocomplete: "current-password" }) : null,
    f.mode === "code" && f.codeSent ? h("p", { class: "muted" }, m.codeSent) : null,
    f.mode === "code" && f.codeSent
      ? field("code", m.code, { type: "text", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6" })
      : null,
    h("button", { type: "submit", class: "btn primary", "data-k": "submit", "aria-disabled": state.busy ? "true" : null }, submitLabel),
    h(
      "button",
      { type: "button", class: "linkbtn", "data-k": "mode", onClick: () => actions.setMode(f.mode === "password" ? "code" : "password") },
      f.mode === "password" ? m.useCode : m.usePassword,
    ),
  );
  const links = state.links;
  return [
    h("p", {}, texts?.intro || m.intro),
    h("h3", { id: "rw-signin" }, m.signInTitle),
    form,
    h("p", {}, outLink(m, links?.resetPassword, m.forgot)),
    // The notice above already offers the card when the host's customer has none.
    links && !state.offerJoin ? h("p", {}, `${m.noCard} `, outLink(m, links.join, m.join)) : null,
  ].filter((n) => n !== null);
}

function member(state: ViewState, s: WidgetSummary, actions: ViewActions): Node[] {
  const lang = state.lang;
  const m = messages[lang];
  const nodes: (Node | null)[] = [
    h("p", { class: "hello", tabindex: "-1", "data-autofocus": "" }, fill(m.greeting, { name: s.member.firstName })),
  ];
  const p = s.program;
  if (!p) nodes.push(h("p", {}, m.noProgram));
  else nodes.push(...balance(lang, m, p), ...tier(lang, m, p, s.currency));
  nodes.push(h("h3", {}, m.lastOperations));
  nodes.push(
    s.lastOperations.length === 0
      ? h("p", { class: "muted" }, m.noOperations)
      : h("ul", { class: "ops" }, ...s.lastOperations.map((op) => operation(lang, m, op))),
  );
  nodes.push(h("p", {}, outLink(m, s.links.history, m.history)));
  if (s.rewards.length > 0) {
    nodes.push(h("h3", {}, m.rewards));
    nodes.push(h("ul", { class: "rewards" }, ...s.rewards.map((r) => reward(lang, m, r, s.links.reward))));
    nodes.push(h("p", {}, outLink(m, s.links.rewards, m.allRewards)));
  }
  if (s.referralLink) {
    nodes.push(
      h("h3", {}, m.referral),
      h("p", { class: "muted" }, m.referralHelp),
      h("label", { for: "rw-ref", class: "sr" }, m.referralLabel),
      h(
        "div",
        { class: "row" },
        h("input", {
          id: "rw-ref",
          readonly: true,
          value: s.referralLink,
          "data-k": "ref",
          onFocus: (e: Event) => (e.target as HTMLInputElement).select(),
        }),
        h(
          "button",
          { type: "button", class: "btn", "data-k": "copy", onClick: () => actions.copyReferral() },
          state.copied ? m.copied : m.copy,
        ),
      ),
    );
  }
  nodes.push(h("nav", { class: "links", "aria-label": m.portal }, outLink(m, s.links.portal, m.portal), outLink(m, s.links.card, m.card)));
  nodes.push(h("button", { type: "button", class: "btn signout", "data-k": "signout", onClick: () => actions.signOut() }, m.signOut));
  return nodes.filter((n): n is Node => n !== null);
}

function balance(lang: Lang, m: Messages, p: HomeProgram): Node[] {
  const pts = (n: number) => formatPoints(lang, n);
  return [
    h("p", { class: "label", id: "rw-available" }, m.available),
    h("p", { class: "big", "data-testid": "available-points", "aria-describedby": "rw-available" }, pts(p.available)),
    p.pending > 0 ? h("p", { class: "muted" }, fill(m.pending, { points: pts(p.pending) })) : null,
    p.expiring.length > 0
      ? h(
          "div",
          {},
          h("p", { class: "label" }, m.expiringTitle),
          h(
            "ul",
            {},
            ...p.expiring.map((x) => h("li", {}, fill(m.expiringLine, { points: pts(x.points), date: formatDay(lang, x.lastDay) }))),
          ),
        )
      : null,
  ].filter((n) => n !== null);
}

function tier(lang: Lang, m: Messages, p: HomeProgram, currency: string): Node[] {
  const progress = p.progress;
  if (!progress) return [];
  const amount = (n: number) => (progress.basis === "points" ? formatPoints(lang, n) : formatMoney(lang, n, currency));
  const next = progress.next;
  const nodes: Node[] = [
    h("h3", {}, m.tier),
    p.tier
      ? h(
          "p",
          {},
          h("span", { class: "badge" }, p.tier.name),
          p.tier.discountBp > 0 ? fill(m.discount, { discount: formatBp(lang, p.tier.discountBp) }) : "",
        )
      : h("p", {}, m.noTier),
  ];
  if (next) {
    const max = Math.max(1, next.threshold);
    const now = Math.min(max, Math.max(0, progress.current));
    const bar = h("div", {
      class: "bar",
      role: "progressbar",
      "aria-valuemin": 0,
      "aria-valuemax": max,
      "aria-valuenow": now,
      "aria-valuetext": fill(m.progressText, { current: amount(progress.current), threshold: amount(next.threshold) }),
      "aria-label": fill(m.progressLabel, { tier: next.name }),
    });
    bar.appendChild(h("div", { class: "fill", style: `width:${Math.round((now / max) * 100)}%` }));
    nodes.push(bar, h("p", {}, fill(m.nextTier, { tier: next.name, needed: amount(progress.needed ?? 0) })));
  } else nodes.push(h("p", {}, m.topTier));
  return nodes;
}

/** "Zakup — Kraków, Kazimierz", its date (and receipt amount) and "+49 pkt", as the portal's OperationLine. */
function operation(lang: Lang, m: Messages, op: Operation): Node {
  const reward = (lang === "en" ? op.rewardNameEn : op.rewardNamePl) ?? "";
  const label = op.kind === "event" && op.ruleName ? op.ruleName : fill(byCode(m.kinds, op.kind) ?? m.kinds.bonus, { reward });
  const title = op.locationName ? `${label} — ${op.locationName}` : label;
  let meta = formatDateTime(lang, op.at);
  if (op.amount) meta += ` · ${formatMoney(lang, op.amount.amount, op.amount.currency)}`;
  if (op.pendingUntil) meta += ` · ${fill(m.pendingUntil, { date: formatDateTime(lang, op.pendingUntil) })}`;
  return h(
    "li",
    {},
    h("div", {}, h("span", { class: "op-title" }, title), h("span", { class: "op-meta" }, meta)),
    h("span", { class: `pts ${op.points > 0 ? "plus" : op.points < 0 ? "minus" : ""}` }, formatPoints(lang, op.points, true)),
  );
}

function reward(lang: Lang, m: Messages, r: PortalReward, template: string): Node {
  const name = lang === "en" ? r.nameEn : r.namePl;
  const state = r.available
    ? h("span", { class: "r-state ok" }, m.affordable)
    : !r.affordable && r.missingPoints > 0
      ? h("span", { class: "r-state" }, fill(m.missing, { points: formatPoints(lang, r.missingPoints) }))
      : null;
  const content = h("span", {}, h("span", { class: "r-name" }, name), state);
  const price = h("span", { class: "price" }, formatPoints(lang, r.pointsPrice));
  const link = outLink(m, template.replace("{id}", encodeURIComponent(r.rewardId)), [content, price], { "data-reward": r.rewardId });
  return h("li", {}, link ?? content, link ? null : price);
}
