import { useQuery } from "@tanstack/react-query";
import { getPortalJson } from "../../api/client";
import type { Operation } from "../../components/OperationLine";

export interface TierSummary {
  id: string;
  name: string;
  discountBp: number;
  color: string;
}

export interface ProgramHome {
  programId: string;
  programName: string;
  primaryColor: string;
  isDefault: boolean;
  available: number;
  pending: number;
  expiringSoon: number;
  expiring: { points: number; lastDay: string; expiresAt: string }[];
  tier: TierSummary | null;
  progress: {
    basis: "points" | "spend";
    period: "rolling_days" | "calendar_year" | "lifetime";
    periodDays: number | null;
    current: number;
    next: (TierSummary & { threshold: number }) | null;
    needed: number | null;
  } | null;
}

export interface Home {
  currency: string;
  programs: ProgramHome[];
  lastOperations: Operation[];
}

/** GET /me/home. The service worker keeps its last answer, so it also opens offline (offlineFirst). */
export function useHome() {
  return useQuery({ queryKey: ["portal", "me", "home"], queryFn: () => getPortalJson<Home>("me/home"), networkMode: "offlineFirst" });
}
