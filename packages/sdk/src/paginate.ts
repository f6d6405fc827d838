/** One page of a list: every list of the API answers `{ data, nextCursor }` (null: the last page). */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/**
 * Every item of a list, page after page: `page(cursor)` fetches one page (the first with
 * `undefined`), e.g. `(cursor) => unwrap(client.GET("/api/v1/members", { params: { query: { cursor, limit: 200 } } }))`.
 */
export async function* paginate<T>(page: (cursor: string | undefined) => Promise<Page<T>>): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  do {
    const { data, nextCursor } = await page(cursor);
    yield* data;
    cursor = nextCursor ?? undefined;
  } while (cursor);
}
