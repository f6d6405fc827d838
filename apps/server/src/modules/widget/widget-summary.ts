import type { Config } from "../../config.js";
import type { Db } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { memberHome } from "../member-portal/home.js";
import { memberRewards } from "../member-portal/rewards.js";
import { findMember } from "../members/members.service.js";
import { memberRefLink, portalLink } from "../templates/render.js";
import type { WidgetCompany } from "./widget-company.js";
import { absolute, widgetDisplay } from "./widget-display.js";
import { appearanceOf } from "./widget-settings.service.js";

const REWARDS_SHOWN = 6;

/** What the widget shows before sign-in: names, colours, texts and where the portal is. Public by design. */
export async function widgetConfig(db: Db, config: Config, widget: WidgetCompany) {
  const { company, settings } = widget;
  const base = portalLink(config, company.slug);
  return {
    ...(await widgetDisplay(db, config, company.companyId)),
    language: company.language,
    appearance: appearanceOf(settings),
    links: { portal: `${base}/`, join: `${base}/join`, signIn: `${base}/sign-in`, resetPassword: `${base}/reset` },
  };
}

/** Rewards the member can take first (cheapest first), then the nearest out of reach. */
function pickRewards<T extends { available: boolean; pointsPrice: number; missingPoints: number }>(all: T[]): T[] {
  const ready = all.filter((r) => r.available).sort((a, b) => a.pointsPrice - b.pointsPrice);
  const later = all.filter((r) => !r.available).sort((a, b) => a.missingPoints - b.missingPoints);
  return [...ready, ...later].slice(0, REWARDS_SHOWN);
}

/**
 * The signed-in member's own figures, read by the same functions as the portal's home and reward
 * catalog, so the widget, the portal and the counter never disagree.
 */
export async function widgetSummary(opts: { db: Db; config: Config; widget: WidgetCompany; memberId: string; now: Date }) {
  const { db, config, widget, memberId, now } = opts;
  const { companyId, slug } = widget.company;
  const member = await findMember(db, companyId, memberId);
  if (!member) throw notFound("Member");
  const home = await memberHome({ db, companyId, memberId, now });
  const program = home.programs.find((p) => p.isDefault) ?? home.programs[0] ?? null;
  const rewards = program ? (await memberRewards({ db, companyId, memberId, now, programId: program.programId })).data : [];
  const base = portalLink(config, slug);
  return {
    member: { firstName: member.firstName, language: member.language },
    currency: home.currency,
    program,
    lastOperations: home.lastOperations,
    rewards: pickRewards(rewards).map((r) => ({ ...r, imageUrls: r.imageUrls.map((u) => absolute(config, u)) })),
    referralLink: memberRefLink(config, slug, member.referralCode),
    links: {
      portal: `${base}/`,
      rewards: `${base}/rewards`,
      history: `${base}/history`,
      card: `${base}/card`,
      reward: `${base}/rewards?reward={id}`,
    },
  };
}
