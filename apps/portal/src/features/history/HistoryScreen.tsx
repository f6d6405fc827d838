import { Button, Card, Chip, Group, NativeSelect, Stack, Text, Title } from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, slug, unwrap } from "../../api/client";
import { plainList } from "../../components/lists";
import { OperationLine } from "../../components/OperationLine";
import { ErrorState } from "../../shell/ErrorState";
import { ScreenLoader } from "../../shell/Layout";

const FILTERS = ["all", "purchases", "rewards", "bonuses", "expiry", "adjustments"] as const;
type Filter = (typeof FILTERS)[number];

/** The member's programs for the program filter (from the home answer, usually cached already). */
function usePrograms() {
  return useQuery({
    queryKey: ["portal", "me", "home"],
    queryFn: () => unwrap(api.GET("/api/v1/portal/{slug}/me/home", { params: { path: { slug } } })),
    select: (home) => home.programs,
  });
}

/** Every point operation, newest first, loaded page by page as the member scrolls. */
export function HistoryScreen() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>("all");
  const [programId, setProgramId] = useState("");
  const programs = usePrograms();
  const history = useInfiniteQuery({
    queryKey: ["portal", "me", "history", filter, programId],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/portal/{slug}/me/history", {
          params: {
            path: { slug },
            query: {
              limit: 30,
              kind: filter === "all" ? undefined : filter,
              programId: programId || undefined,
              cursor: pageParam || undefined,
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  // Loads the next page when the end of the list comes into view (the button stays for keyboards).
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = history;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const operations = history.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t("history.title")}
      </Title>
      <Chip.Group value={filter} onChange={(v) => setFilter(v as Filter)}>
        <Group gap="xs" role="group" aria-label={t("history.filter")}>
          {FILTERS.map((f) => (
            <Chip key={f} value={f} size="sm">
              {t(`history.filters.${f}`)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {(programs.data?.length ?? 0) > 1 ? (
        <NativeSelect
          label={t("history.program")}
          value={programId}
          onChange={(e) => setProgramId(e.currentTarget.value)}
          data={[
            { value: "", label: t("history.allPrograms") },
            ...(programs.data ?? []).map((p) => ({ value: p.programId, label: p.programName })),
          ]}
        />
      ) : null}
      {history.isPending ? (
        <ScreenLoader />
      ) : history.isError ? (
        <ErrorState onRetry={() => void history.refetch()} />
      ) : (
        <Card withBorder radius="md" padding="md">
          {operations.length === 0 ? (
            <Text c="dimmed">{t("history.empty")}</Text>
          ) : (
            <Stack gap="sm" component="ul" style={plainList}>
              {operations.map((op) => (
                <li key={op.id}>
                  <OperationLine op={op} />
                </li>
              ))}
            </Stack>
          )}
          <div ref={sentinel} />
          {hasNextPage ? (
            <Button variant="subtle" mt="md" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
              {t("history.more")}
            </Button>
          ) : operations.length > 0 ? (
            <Text size="xs" c="dimmed" mt="md">
              {t("history.end")}
            </Text>
          ) : null}
        </Card>
      )}
    </Stack>
  );
}
