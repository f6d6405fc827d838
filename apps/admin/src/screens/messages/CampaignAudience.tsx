import { Card, Fieldset, Group, Loader, MultiSelect, NumberInput, Select, SimpleGrid, Stack, TagsInput, Text } from "@mantine/core";
import { IconUsers } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { useAllLocations, useConsents, usePrograms, useTiers } from "../../api/lookups";
import { type Audience, type Channel, type ConsentPurpose, type AudienceCount as Count, useDebouncedObject } from "../../api/messaging";
import { queryKeys } from "../../api/query-keys";
import { Stat } from "../../components/Figures";
import { errorMessage } from "../../components/feedback";
import type { CampaignForm } from "./campaign-form";

/** How many members the filters reach, counted by the API as they change. */
export function useAudienceCount(channel: Channel, purpose: ConsentPurpose, audience: Audience) {
  const debounced = useDebouncedObject({ channel, purpose, audience }, 400);
  return useQuery({
    queryKey: queryKeys.campaignAudience.list(debounced),
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: () => unwrap(api.POST("/api/v1/campaigns/audience-count", { body: debounced })),
  });
}

/** "N members, M reachable, K without consent, L without an address" for the chosen filters. */
function AudienceCount({ count, loading, error }: { count: Count | undefined; loading: boolean; error: unknown }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" p="md" bg="gray.0" data-testid="audience-count" aria-live="polite">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <IconUsers size={18} />
          <Text fw={700}>{t("messaging.campaigns.audienceCount")}</Text>
        </Group>
        {loading && <Loader size="xs" aria-label={t("common.loading")} />}
      </Group>
      {error ? (
        <Text size="sm" c="red.9">
          {errorMessage(t, error)}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          <Stat label={t("messaging.campaigns.count.members")} value={count?.members} testId="count-members" />
          <Stat label={t("messaging.campaigns.count.reachable")} value={count?.reachable} color="green.8" testId="count-reachable" />
          <Stat label={t("messaging.campaigns.count.noConsent")} value={count?.noConsent} color="orange.9" testId="count-no-consent" />
          <Stat label={t("messaging.campaigns.count.noAddress")} value={count?.noAddress} color="gray.7" testId="count-no-address" />
        </SimpleGrid>
      )}
    </Card>
  );
}

/** Who gets the campaign: program, tiers, tags, locations, consents; and the sending pace. */
export function CampaignAudience({ form, count }: { form: CampaignForm; count: ReturnType<typeof useAudienceCount> }) {
  const { t } = useTranslation();
  const v = form.getValues();
  const programs = usePrograms();
  const locations = useAllLocations();
  const consents = useConsents();
  const tiers = useTiers(v.programId);
  return (
    <Fieldset legend={t("messaging.campaigns.audience")} radius="md">
      <Stack>
        <Text size="sm" c="gray.7">
          {t("messaging.campaigns.audienceHelp")}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t("messaging.campaigns.program")}
            placeholder={t("messaging.campaigns.anyProgram")}
            clearable
            data={(programs.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            {...form.getInputProps("programId")}
            onChange={(value) => {
              form.setFieldValue("programId", value);
              form.setFieldValue("tierIds", []);
            }}
          />
          <MultiSelect
            label={t("messaging.campaigns.tiers")}
            placeholder={
              v.programId ? (v.tierIds.length ? undefined : t("messaging.campaigns.anyTier")) : t("messaging.campaigns.tiersNeedProgram")
            }
            disabled={!v.programId}
            data={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            clearable
            {...form.getInputProps("tierIds")}
          />
          <TagsInput
            label={t("messaging.campaigns.tags")}
            description={t("messaging.campaigns.tagsHelp")}
            placeholder={v.tags.length ? undefined : t("messaging.campaigns.anyTag")}
            clearable
            {...form.getInputProps("tags")}
          />
          <MultiSelect
            label={t("messaging.campaigns.locations")}
            description={t("messaging.campaigns.locationsHelp")}
            placeholder={v.locationIds.length ? undefined : t("messaging.campaigns.anyLocation")}
            data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
            searchable
            clearable
            {...form.getInputProps("locationIds")}
          />
        </SimpleGrid>
        <MultiSelect
          label={t("messaging.campaigns.consents")}
          description={t("messaging.campaigns.consentsHelp")}
          placeholder={v.consentIds.length ? undefined : t("messaging.campaigns.anyConsent")}
          data={(consents.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          clearable
          {...form.getInputProps("consentIds")}
        />
        <AudienceCount count={count.data} loading={count.isFetching} error={count.error} />
        <NumberInput
          label={t("messaging.campaigns.throttle")}
          description={t("messaging.campaigns.throttleHelp")}
          placeholder={t("messaging.campaigns.noThrottle")}
          min={1}
          allowDecimal={false}
          maw={320}
          {...form.getInputProps("throttlePerMinute")}
        />
      </Stack>
    </Fieldset>
  );
}
