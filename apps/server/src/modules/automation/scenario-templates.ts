import type { z } from "zod";
import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";
import { getCompany } from "../companies/companies.service.js";
import { activeRewardRows } from "../rewards/rewards.service.js";
import { listTemplates } from "../templates/templates.service.js";
import type { Action, scenarioDraft, scenarioTemplate } from "./automation.schemas.js";

type Draft = z.infer<typeof scenarioDraft>;
type Template = z.infer<typeof scenarioTemplate>;
type Lang = "pl" | "en";

const T = {
  welcome_points: {
    pl: ["Punkty na powitanie", "Nowy uczestnik programu dostaje 50 punktów od razu po dołączeniu.", "Punkty na powitanie"],
    en: ["Welcome points", "A new member gets 50 points as soon as they join the program.", "Welcome points"],
  },
  birthday_voucher: {
    pl: [
      "Kupon urodzinowy",
      "W dniu urodzin (o północy w strefie czasowej firmy) uczestnik dostaje nagrodę z kodem i e-mail z życzeniami.",
      "Prezent urodzinowy",
    ],
    en: [
      "Birthday voucher",
      "On their birthday (from midnight in the company's time zone) the member gets a reward with a code and a greeting e-mail.",
      "Birthday gift",
    ],
  },
  referral_bonus: {
    pl: [
      "Premia za polecenie",
      "10 punktów dla polecającego, gdy znajomy się zarejestruje, i 20 kolejnych, gdy znajomy wyda 200 zł (w jednym lub kilku zakupach, raz).",
      "Polecenie: znajomy dołączył",
      "Polecenie: znajomy wydał 200 zł",
      "Premia za polecenie",
    ],
    en: [
      "Referral bonus",
      "10 points for the referrer when the friend registers, and 20 more once the friend has spent 200 zł (in one or several purchases, once).",
      "Referral: friend joined",
      "Referral: friend spent 200 zł",
      "Referral bonus",
    ],
  },
  win_back: {
    pl: [
      "Powrót po 90 dniach",
      "Uczestnik, który nie robił zakupów od 90 dni, dostaje 100 punktów zachęty (najwyżej raz na 90 dni).",
      "Tęsknimy za Tobą",
    ],
    en: [
      "Win-back after 90 days",
      "A member with no purchase for 90 days gets 100 points to come back (at most once in 90 days).",
      "We miss you",
    ],
  },
  points_expiry_reminder: {
    pl: [
      "Przypomnienie o wygasających punktach",
      "14 dni przed wygaśnięciem punktów uczestnik dostaje wiadomość; raz na każdą datę wygaśnięcia.",
      "",
    ],
    en: ["Points-expiry reminder", "14 days before points expire the member gets a message, once per expiry date.", ""],
  },
  big_purchase_bonus: {
    pl: ["Premia za duży zakup", "Za zakup od 500 zł uczestnik dostaje dodatkowe 50 punktów.", "Premia za zakup od 500 zł"],
    en: ["Big purchase bonus", "A purchase of 500 zł or more earns 50 extra points.", "Bonus for a purchase of 500 zł or more"],
  },
} as const;

/**
 * The ready-made scenarios, in the language asked for (the company's by default), paused, with
 * the company's own message template and voucher reward where one fits; where none exists the
 * action is left out and the builder asks for it.
 */
export async function scenarioTemplates(opts: { db: Db; actor: Actor; language?: Lang }): Promise<Template[]> {
  const { db, actor } = opts;
  const lang = opts.language ?? (await getCompany(db, actor.companyId)).language;
  const [emails, rewards] = await Promise.all([
    listTemplates({ db, companyId: actor.companyId, channel: "email", limit: 1 }),
    activeRewardRows(db, actor.companyId),
  ]);
  const email: Action[] = emails[0] ? [{ type: "send_message", templateId: emails[0].id }] : [];
  const voucher = rewards.find((r) => r.kind === "voucher") ?? rewards[0];
  const gift: Action[] = voucher ? [{ type: "issue_reward", rewardId: voucher.id }] : [];
  const draft = (
    key: string,
    name: string,
    d: Omit<Draft, "name" | "description" | "programId" | "status" | "templateKey" | "conditions" | "frequencyLimit"> & Partial<Draft>,
    description: string,
  ): Draft => ({
    name,
    description,
    programId: null,
    status: "paused",
    conditions: [],
    frequencyLimit: null,
    templateKey: key,
    ...d,
  });
  const w = T.welcome_points[lang];
  const b = T.birthday_voucher[lang];
  const r = T.referral_bonus[lang];
  const wb = T.win_back[lang];
  const x = T.points_expiry_reminder[lang];
  const big = T.big_purchase_bonus[lang];
  return [
    {
      key: "welcome_points",
      name: w[0],
      description: w[1],
      scenarios: [
        draft(
          "welcome_points",
          w[0],
          { trigger: { type: "member_joined" }, actions: [{ type: "add_points", points: 50, reason: w[2] }, ...email] },
          w[1],
        ),
      ],
    },
    {
      key: "birthday_voucher",
      name: b[0],
      description: b[1],
      scenarios: [
        draft(
          "birthday_voucher",
          b[0],
          {
            trigger: { type: "birthday" },
            actions: gift.length > 0 ? [...gift, ...email] : [{ type: "add_points", points: 100, reason: b[2] }, ...email],
          },
          b[1],
        ),
      ],
    },
    {
      key: "referral_bonus",
      name: r[0],
      description: r[1],
      scenarios: [
        draft(
          "referral_bonus",
          r[2],
          { trigger: { type: "referral_registered" }, actions: [{ type: "add_points", points: 10, reason: r[4] }] },
          r[1],
        ),
        draft(
          "referral_bonus",
          r[3],
          {
            trigger: { type: "referral_successful", measure: "spent", threshold: 20000 },
            actions: [{ type: "add_points", points: 20, reason: r[4] }, ...email],
          },
          r[1],
        ),
      ],
    },
    {
      key: "win_back",
      name: wb[0],
      description: wb[1],
      scenarios: [
        draft(
          "win_back",
          wb[0],
          {
            trigger: { type: "no_purchase", days: 90 },
            actions: [{ type: "add_points", points: 100, reason: wb[2] }, ...email],
            frequencyLimit: { runs: 1, days: 90 },
          },
          wb[1],
        ),
      ],
    },
    {
      key: "points_expiry_reminder",
      name: x[0],
      description: x[1],
      scenarios: [draft("points_expiry_reminder", x[0], { trigger: { type: "points_expiring", days: 14 }, actions: email }, x[1])],
    },
    {
      key: "big_purchase_bonus",
      name: big[0],
      description: big[1],
      scenarios: [
        draft(
          "big_purchase_bonus",
          big[0],
          {
            trigger: { type: "purchase_recorded" },
            conditions: [{ type: "purchase_amount", op: "gte", amount: 50000 }],
            actions: [{ type: "add_points", points: 50, reason: big[2] }],
          },
          big[1],
        ),
      ],
    },
  ];
}
