/** The widget API's shapes (docs: /work/helper-notes/widget-contract.md, the server's widget module). */

export type Lang = "pl" | "en";
export type WidgetPosition = "bottom-right" | "bottom-left";

export interface WidgetTexts {
  launcher: string;
  title: string;
  intro: string;
}

export interface WidgetAppearance {
  accentColor: string;
  position: WidgetPosition;
  texts: { pl: WidgetTexts; en: WidgetTexts };
}

export interface WidgetConfig {
  companyName: string;
  programName: string;
  logoUrl: string | null;
  language: Lang;
  appearance: WidgetAppearance;
  links: { portal: string; join: string; signIn: string; resetPassword: string };
}

export interface WidgetSession {
  sessionToken: string;
  expiresAt: string;
  via: "token" | "sign_in";
}

export interface TierRef {
  id: string;
  name: string;
  discountBp: number;
  color: string;
}

export interface TierProgress {
  basis: "points" | "spend";
  period: "rolling_days" | "calendar_year" | "lifetime";
  periodDays: number | null;
  since: string | null;
  current: number;
  next: (TierRef & { threshold: number }) | null;
  needed: number | null;
}

export interface HomeProgram {
  programId: string;
  programName: string;
  primaryColor: string;
  available: number;
  pending: number;
  expiringSoon: number;
  expiring: { points: number; lastDay: string; expiresAt: string }[];
  tier: TierRef | null;
  progress: TierProgress | null;
}

export type OperationKind =
  | "purchase"
  | "return"
  | "welcome"
  | "birthday"
  | "event"
  | "bonus"
  | "adjustment"
  | "redemption"
  | "redemption_cancelled"
  | "expiry"
  | "reversal"
  | "import";

export interface Operation {
  id: string;
  kind: OperationKind | string;
  points: number;
  at: string;
  locationName: string | null;
  amount: { amount: number; currency: string } | null;
  rewardNamePl: string | null;
  rewardNameEn: string | null;
  ruleName?: string | null;
  pendingUntil: string | null;
}

export interface PortalReward {
  rewardId: string;
  namePl: string;
  nameEn: string;
  pointsPrice: number;
  imageUrls: string[];
  available: boolean;
  affordable: boolean;
  missingPoints: number;
}

export interface WidgetSummary {
  member: { firstName: string; language: Lang };
  currency: string;
  program: HomeProgram | null;
  lastOperations: Operation[];
  rewards: PortalReward[];
  referralLink: string | null;
  links: { portal: string; rewards: string; history: string; card: string; reward: string };
}

/** An API error as the widget sees it; `network` when no answer could be read (offline, or an answer without CORS headers). */
export interface WidgetError {
  status: number;
  code: string;
  details: { path: string; code?: string; message?: string }[];
}
