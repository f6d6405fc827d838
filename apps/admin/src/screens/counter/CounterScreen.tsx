import { Alert, Badge, Button, Card, Group, Loader, Stack, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconScan, IconSearch, IconUserSearch, IconX } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Member, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { PageHeader } from "../../components/PageHeader";
import { memberName } from "../../format";
import { BarcodeScanner } from "./BarcodeScanner";
import { compactCard } from "./card-number";
import { MemberAtCounter } from "./MemberAtCounter";

async function findMembers(q: string): Promise<Member[]> {
  return (await unwrap(api.GET("/api/v1/members", { params: { query: { q, limit: 8 } } }))).data;
}

/**
 * The cashier's screen: find a member (typing, scanner or camera; a card number with spaces or
 * dashes too), then the amount and Enter: three steps for a purchase. Also returns.
 */
export function CounterScreen() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const searchRef = useRef<HTMLInputElement>(null);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const [member, setMember] = useState<Member | null>(null);
  const [scanning, setScanning] = useState(false);
  const [notFound, setNotFound] = useState(false);

  const results = useQuery({
    queryKey: queryKeys.members.list({ counter: q }),
    enabled: q.length > 0 && !member,
    queryFn: () => findMembers(q),
  });

  const choose = useCallback((m: Member) => {
    setMember(m);
    setNotFound(false);
    setSearch("");
  }, []);

  // Enter (or a scanner's Enter) looks up what was typed right now, not the debounced text.
  const lookup = useCallback(
    async (text: string) => {
      const value = text.trim();
      if (!value) return;
      const found = await queryClient.fetchQuery({
        queryKey: queryKeys.members.list({ counter: value }),
        queryFn: () => findMembers(value),
      });
      const exact = found.find((m) => compactCard(m.cardNumber) === compactCard(value));
      if (exact) return choose(exact);
      if (found.length === 1 && found[0]) return choose(found[0]);
      setNotFound(found.length === 0);
    },
    [queryClient, choose],
  );

  const onDetected = useCallback(
    (text: string) => {
      setScanning(false);
      setSearch(text);
      void lookup(text);
    },
    [lookup],
  );

  const reset = () => {
    setMember(null);
    setSearch("");
    setNotFound(false);
    setTimeout(() => searchRef.current?.focus(), 0);
  };

  return (
    <>
      <PageHeader
        title={t("counter.title")}
        actions={
          member && (
            <Button size="md" variant="default" leftSection={<IconX size={18} />} onClick={reset}>
              {t("counter.nextCustomer")}
            </Button>
          )
        }
      />
      {!member ? (
        <Stack maw={760}>
          {/* PageHeader's description is dimmed; the cashier's instruction needs full contrast. */}
          <Text c="gray.7" mt={-12}>
            {t("counter.description")}
          </Text>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void lookup(search);
            }}
          >
            <Group gap="sm" wrap="nowrap" align="flex-end">
              <TextInput
                ref={searchRef}
                autoFocus
                size="xl"
                style={{ flex: 1 }}
                label={t("counter.search")}
                leftSection={<IconSearch size={24} />}
                rightSection={results.isFetching ? <Loader size="sm" /> : null}
                value={search}
                onChange={(e) => {
                  setSearch(e.currentTarget.value);
                  setNotFound(false);
                }}
                autoComplete="off"
                enterKeyHint="search"
              />
              <Button size="xl" variant="light" leftSection={<IconScan size={26} />} onClick={() => setScanning(true)}>
                {t("counter.scan")}
              </Button>
            </Group>
          </form>
          {notFound && (
            <Alert color="orange" icon={<IconUserSearch />}>
              {t("counter.noMember", { q: search })}
            </Alert>
          )}
          {q && results.data && results.data.length === 0 && !notFound && !results.isFetching && (
            <Text c="gray.7">{t("counter.noMember", { q })}</Text>
          )}
          <Stack gap="xs">
            {(results.data ?? []).map((m) => (
              <UnstyledButton key={m.id} onClick={() => choose(m)} aria-label={`${memberName(m)} ${m.cardNumber}`}>
                <Card withBorder radius="md" p="md">
                  <Group justify="space-between" wrap="nowrap">
                    <div>
                      <Text fw={700} size="lg">
                        {memberName(m)}
                      </Text>
                      <Text c="gray.7" size="sm">
                        {[m.cardNumber, m.phone, m.email].filter(Boolean).join(" · ")}
                      </Text>
                    </div>
                    {m.status === "blocked" && (
                      <Badge color="red" variant="filled">
                        {t("members.statuses.blocked")}
                      </Badge>
                    )}
                  </Group>
                </Card>
              </UnstyledButton>
            ))}
          </Stack>
          <Text size="sm" c="gray.7">
            {t("counter.searchHelp")}
          </Text>
        </Stack>
      ) : (
        <MemberAtCounter member={member} />
      )}
      <BarcodeScanner opened={scanning} onClose={() => setScanning(false)} onDetected={onDetected} />
    </>
  );
}
