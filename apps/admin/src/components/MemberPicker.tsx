import { Group, MultiSelect, Select, type SelectProps, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../api/client";
import { queryKeys } from "../api/query-keys";
import { formatPhone, memberName } from "../format";

export interface MemberOption {
  id: string;
  cardNumber: string;
  firstName: string;
  lastName: string;
  email?: string | null;
  phone?: string | null;
}

function useMemberSearch(search: string) {
  const [q] = useDebouncedValue(search.trim(), 250);
  return useQuery({
    queryKey: queryKeys.members.list({ pick: q }),
    enabled: q.length > 0,
    queryFn: async () => (await unwrap(api.GET("/api/v1/members", { params: { query: { q, limit: 10 } } }))).data,
    staleTime: 10_000,
  });
}

const optionLabel = (m: MemberOption) => `${memberName(m)} · ${m.cardNumber}`;

function renderMember(byId: Map<string, MemberOption>) {
  return ({ option }: { option: { value: string; label: string } }) => {
    const m = byId.get(option.value);
    return (
      <Stack gap={0}>
        <Text size="sm" fw={600}>
          {m ? memberName(m) : option.label}
        </Text>
        {m && (
          <Group gap="xs">
            <Text size="xs" c="dimmed" ff="monospace">
              {m.cardNumber}
            </Text>
            {m.email && (
              <Text size="xs" c="dimmed">
                {m.email}
              </Text>
            )}
            {m.phone && (
              <Text size="xs" c="dimmed">
                {formatPhone(m.phone)}
              </Text>
            )}
          </Group>
        )}
      </Stack>
    );
  };
}

/**
 * Picks one member by searching the API (card number, name, e-mail, phone). `initial` names the
 * current value so it shows before any search.
 */
export function MemberPicker({
  value,
  onChange,
  initial,
  excludeId,
  ...props
}: Omit<SelectProps, "data" | "value" | "onChange"> & {
  value: string | null;
  onChange: (id: string | null) => void;
  initial?: MemberOption | null;
  excludeId?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<MemberOption | null>(initial ?? null);
  const results = useMemberSearch(search === (chosen ? optionLabel(chosen) : "") ? "" : search);
  const found = (results.data ?? []).filter((m) => m.id !== excludeId);
  const all = [...(chosen && value === chosen.id ? [chosen] : []), ...found.filter((m) => m.id !== chosen?.id)];
  const byId = new Map(all.map((m) => [m.id, m]));
  return (
    <Select
      searchable
      clearable
      data={all.map((m) => ({ value: m.id, label: optionLabel(m) }))}
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      value={value}
      onChange={(id) => {
        setChosen(id ? (byId.get(id) ?? null) : null);
        onChange(id);
      }}
      renderOption={renderMember(byId)}
      nothingFoundMessage={search.trim() ? (results.isFetching ? t("common.loading") : t("common.nothingFound")) : t("members.pickerHint")}
      placeholder={t("members.pickerPlaceholder")}
      {...props}
    />
  );
}

/** Picks several members by search (rule scopes). */
export function MemberMultiPicker({ value, onChange, label }: { value: string[]; onChange: (ids: string[]) => void; label: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [known, setKnown] = useState<Map<string, MemberOption>>(new Map());
  const results = useMemberSearch(search);
  const all = new Map(known);
  for (const m of results.data ?? []) all.set(m.id, m);
  const data = [...all.values()].map((m) => ({ value: m.id, label: optionLabel(m) }));
  for (const id of value) if (!all.has(id)) data.push({ value: id, label: id });
  return (
    <MultiSelect
      label={label}
      searchable
      data={data}
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      value={value}
      onChange={(ids) => {
        setKnown(new Map([...all].filter(([id]) => ids.includes(id))));
        onChange(ids);
      }}
      renderOption={renderMember(all)}
      nothingFoundMessage={search.trim() ? t("common.nothingFound") : t("members.pickerHint")}
      placeholder={value.length ? undefined : t("members.pickerPlaceholder")}
    />
  );
}
