import type { Lang, WidgetSummary } from "./types";

/** A member's summary for the admin's preview, in the preview's language; nothing here is real. */
export function sampleSummary(lang: Lang, programName: string): WidgetSummary {
  const en = lang === "en";
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000);
  const iso = (offset: number) => day(offset).toISOString();
  const portal = "https://example.invalid/p/";
  return {
    member: { firstName: en ? "Emily" : "Zofia", language: lang },
    currency: "PLN",
    program: {
      programId: "prg_sample",
      programName,
      primaryColor: "#1f6feb",
      available: 1_369,
      pending: 49,
      expiringSoon: 120,
      expiring: [{ points: 120, lastDay: iso(21).slice(0, 10), expiresAt: iso(22) }],
      tier: { id: "tie_silver", name: en ? "Silver" : "Srebrny", discountBp: 500, color: "#8a8a8a" },
      progress: {
        basis: "points",
        period: "calendar_year",
        periodDays: null,
        since: null,
        current: 1_369,
        next: { id: "tie_gold", name: en ? "Gold" : "Złoty", discountBp: 1000, color: "#c9a227", threshold: 2_000 },
        needed: 631,
      },
    },
    lastOperations: [
      op("op1", "purchase", 49, iso(-1), en ? "Kraków, Old Town" : "Kraków, Stare Miasto", { amount: 4_900, currency: "PLN" }),
      op("op2", "redemption", -300, iso(-6), null, null, en ? "Free coffee" : "Kawa gratis"),
      op("op3", "bonus", 100, iso(-12)),
      op("op4", "welcome", 20, iso(-40)),
    ],
    rewards: [
      reward("rew_1", "Kawa gratis", "Free coffee", 300, 0),
      reward("rew_2", "Ciasto dnia", "Cake of the day", 800, 0),
      reward("rew_3", "Kubek termiczny", "Travel mug", 2_500, 1_131),
    ],
    referralLink: `${portal}join?ref=ZOFIA-7K2Q`,
    links: {
      portal,
      rewards: `${portal}rewards`,
      history: `${portal}history`,
      card: `${portal}card`,
      reward: `${portal}rewards?reward={id}`,
    },
  };
}

function op(
  id: string,
  kind: string,
  points: number,
  at: string,
  locationName: string | null = null,
  amount: { amount: number; currency: string } | null = null,
  rewardName: string | null = null,
): WidgetSummary["lastOperations"][number] {
  return {
    id,
    kind,
    points,
    at,
    locationName,
    amount,
    rewardNamePl: rewardName,
    rewardNameEn: rewardName,
    ruleName: null,
    pendingUntil: null,
  };
}

function reward(rewardId: string, namePl: string, nameEn: string, pointsPrice: number, missingPoints: number) {
  const affordable = missingPoints === 0;
  return { rewardId, namePl, nameEn, pointsPrice, imageUrls: [], available: affordable, affordable, missingPoints };
}
