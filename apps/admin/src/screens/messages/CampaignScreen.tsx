import { useQuery } from "@tanstack/react-query";
import { useLocation, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { ErrorState } from "../../components/ErrorState";
import { PageLoader } from "../../components/PageLoader";
import { CampaignEditor, type EditorState } from "./CampaignEditor";
import { CampaignResults } from "./CampaignResults";

/** Create (route /messages/campaigns/new), edit a draft, or follow a sent campaign (route /messages/campaigns/:id). */
export function CampaignScreen() {
  const { id } = useParams();
  const location = useLocation();
  const state = (location.state ?? {}) as EditorState;
  const campaign = useQuery({
    queryKey: queryKeys.campaigns.detail(id ?? ""),
    enabled: !!id,
    queryFn: () => unwrap(api.GET("/api/v1/campaigns/{id}", { params: { path: { id: id ?? "" } } })),
    refetchInterval: (query) => (query.state.data && ["scheduled", "sending"].includes(query.state.data.status) ? 4000 : false),
  });
  if (id && campaign.isError) return <ErrorState error={campaign.error} onRetry={() => void campaign.refetch()} />;
  if (id && campaign.isPending) return <PageLoader />;
  const c = id ? campaign.data : undefined;
  if (c && c.status !== "draft") return <CampaignResults campaign={c} />;
  // A new campaign saved (or refused when sent) moves to its own page in the same editor; each
  // visit of /new (its own history entry) starts a fresh one.
  const editorKey = state.editorKey ?? id ?? `new:${location.key}`;
  return <CampaignEditor key={editorKey} editorKey={editorKey} campaign={c} />;
}
