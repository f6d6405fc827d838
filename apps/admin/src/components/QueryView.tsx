import type { ReactNode } from "react";
import { ErrorState } from "./ErrorState";
import { PageLoader } from "./PageLoader";

/** The part of a query result a view needs (a useQuery result, or a list from useCursorList). */
export interface QueryState<T> {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * One way to show a query: a loader while it loads, the error with a retry, the empty state when
 * `isEmpty` says there is nothing, else the data.
 */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  loader,
  children,
}: {
  query: QueryState<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  loader?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending || query.data === undefined) return <>{loader ?? <PageLoader />}</>;
  if (isEmpty?.(query.data) && empty !== undefined) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
