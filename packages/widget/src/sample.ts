import type { Lang, Operation, PortalReward, WidgetSummary } from "./types";

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
      isDefault: true,
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
  kind: Operation["kind"],
  points: number,
  at: string,
  locationName: string | null = null,
  amount: { amount: number; currency: string } | null = null,
  rewardName: string | null = null,
): Operation {
  return {
    id,
    programId: "prg_sample",
    kind,
    points,
    at,
    locationId: null,
    locationName,
    amount,
    rewardId: null,
    rewardNamePl: rewardName,
    rewardNameEn: rewardName,
    ruleName: null,
    pendingUntil: null,
    expiresAt: null,
  };
}

function reward(rewardId: string, namePl: string, nameEn: string, pointsPrice: number, missingPoints: number): PortalReward {
  const affordable = missingPoints === 0;
  return {
    rewardId,
    programId: "prg_sample",
    programName: "",
    namePl,
    nameEn,
    descriptionPl: "",
    descriptionEn: "",
    category: "",
    kind: "product",
    fulfilment: "pickup",
    pointsPrice,
    imageUrls: [],
    stock: null,
    endsAt: null,
    needsLocation: false,
    locations: [],
    available: affordable,
    affordable,
    missingPoints,
    reasons: affordable ? [] : [{ code: "points", message: `${missingPoints} more points needed` }],
  };
}
