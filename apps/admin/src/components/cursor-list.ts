import { type InfiniteData, type QueryKey, type UseQueryResult, useInfiniteQuery } from "@tanstack/react-query";

export interface CursorPage<T> {
  data: T[];
  nextCursor?: string | null;
}

/** A list screen's rows with the state ListPage needs: loading, error, refetch and "load more". */
export interface ListState<T> {
  rows: T[];
  data: T[] | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}

/** A cursor-paginated API list (`{ data, nextCursor }`) as rows plus "load more". */
export function useCursorList<T>({
  queryKey,
  fetchPage,
  enabled,
  refetchInterval,
}: {
  queryKey: QueryKey;
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>;
  enabled?: boolean;
  /** Polls the loaded pages every so many ms while the rows call for it (something still on its way); false: no polling. */
  refetchInterval?: (rows: T[]) => number | false;
}): ListState<T> {
  const query = useInfiniteQuery({
    queryKey,
    enabled,
    refetchInterval: refetchInterval
      ? (q: { state: { data?: InfiniteData<CursorPage<T>> } }) => refetchInterval(q.state.data?.pages.flatMap((p) => p.data) ?? [])
      : undefined,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  return {
    rows,
    data: query.data ? rows : undefined,
    isPending: query.isPending,
    isError: query.isError,
    error: query.error,
    isFetching: query.isFetching && !query.isFetchingNextPage,
    refetch: query.refetch,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    loadMore: () => void query.fetchNextPage(),
  };
}

/** A whole (unpaginated) list from useQuery, shaped for ListPage. */
export function wholeList<T>(query: UseQueryResult<T[]>): ListState<T> {
  return {
    rows: query.data ?? [],
    data: query.data,
    isPending: query.isPending,
    isError: query.isError,
    error: query.error,
    isFetching: query.isFetching,
    refetch: query.refetch,
    hasMore: false,
    loadingMore: false,
    loadMore: () => {},
  };
}
