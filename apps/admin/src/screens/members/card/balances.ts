import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";

/** The member's balance in every program (the details tab's summary and the points tab share it). */
export function useBalances(memberId: string) {
  return useQuery({
    queryKey: queryKeys.members.part(memberId, "balances"),
    queryFn: async () => (await unwrap(api.GET("/api/v1/members/{id}/balances", { params: { path: { id: memberId } } }))).data,
  });
}
