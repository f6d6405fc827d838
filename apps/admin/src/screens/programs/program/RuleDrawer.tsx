import {
  Card,
  Input,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, type EarningRule, type Program, unwrap } from "../../../api/client";
import { useAllLocations, useTiers } from "../../../api/lookups";
import { queryKeys } from "../../../api/query-keys";
import { DateTimeField } from "../../../components/DateFields";
import { EntityDrawer, useSaveForm } from "../../../components/EntityDrawer";
import { MemberMultiPicker } from "../../../components/MemberPicker";
import { fromLocalInput, toLocalInput } from "../../../format";

const RULE_ICONS = ["star", "cart", "gift", "cake", "heart", "megaphone", "coffee", "tag", "calendar", "trophy", "users", "bolt"] as const;

interface RuleValues {
  name: string;
  description: string;
  icon: EarningRule["icon"];
  kind: EarningRule["kind"];
  multiplier: number | string;
  bonusPoints: number | string;
  perItem: boolean;
  eventType: string | null;
  eventName: string;
  skus: string[];
  categories: string[];
  producers: string[];
  tierIds: string[];
  tags: string[];
  memberIds: string[];
  locationIds: string[];
  startsAt: string;
  endsAt: string;
  capPerDay: number | string;
  capPerMonth: number | string;
  active: boolean;
}

const EMPTY_RULE: RuleValues = {
  name: "",
  description: "",
  icon: "star",
  kind: "multiplier",
  multiplier: 2,
  bonusPoints: "",
  perItem: false,
  eventType: null,
  eventName: "",
  skus: [],
  categories: [],
  producers: [],
  tierIds: [],
  tags: [],
  memberIds: [],
  locationIds: [],
  startsAt: "",
  endsAt: "",
  capPerDay: "",
  capPerMonth: "",
  active: true,
};

export function RuleDrawer({ program, rule, onClose }: { program: Program; rule: EarningRule | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const tiers = useTiers(program.id);
  const locations = useAllLocations();
  const form = useForm<RuleValues>({
    initialValues: EMPTY_RULE,
    validate: {
      name: (v) => (v.trim() ? null : t("validation.required")),
      multiplier: (v, values) => (values.kind === "multiplier" && !(Number(v) > 1) ? t("rules.multiplierAboveOne") : null),
      bonusPoints: (v, values) => (values.kind !== "multiplier" && !(Number(v) >= 1) ? t("validation.required") : null),
      eventType: (v, values) => (values.kind === "event" && !v ? t("validation.required") : null),
      eventName: (v, values) =>
        values.kind === "event" && values.eventType === "custom" && !/^[a-z0-9_.-]+$/.test(v) ? t("rules.eventNameInvalid") : null,
      perItem: (v, values) =>
        v && !(values.skus.length || values.categories.length || values.producers.length) ? t("rules.perItemNeedsProducts") : null,
      endsAt: (v, values) => (v && values.startsAt && v <= values.startsAt ? t("programs.endsAfterStarts") : null),
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened
  useEffect(() => {
    if (rule === undefined) return;
    form.setValues(
      rule
        ? {
            ...EMPTY_RULE,
            ...rule,
            multiplier: rule.multiplierBp ? rule.multiplierBp / 10_000 : 2,
            bonusPoints: rule.bonusPoints ?? "",
            eventType: rule.eventType,
            eventName: rule.eventName ?? "",
            startsAt: toLocalInput(rule.startsAt),
            endsAt: toLocalInput(rule.endsAt),
            capPerDay: rule.capPerDay ?? "",
            capPerMonth: rule.capPerMonth ?? "",
          }
        : EMPTY_RULE,
    );
    form.clearErrors();
  }, [rule]);
  const { onSubmit, saving } = useSaveForm({
    form,
    save: (v: RuleValues) => {
      const body = {
        name: v.name.trim(),
        description: v.description,
        icon: v.icon,
        multiplierBp: v.kind === "multiplier" ? Math.round(Number(v.multiplier) * 10_000) : null,
        bonusPoints: v.kind === "multiplier" ? null : Number(v.bonusPoints),
        perItem: v.kind === "bonus" ? v.perItem : false,
        eventType: v.kind === "event" ? (v.eventType as EarningRule["eventType"]) : null,
        eventName: v.kind === "event" && v.eventType === "custom" ? v.eventName : null,
        skus: v.skus,
        categories: v.categories,
        producers: v.producers,
        tierIds: v.tierIds,
        tags: v.tags,
        memberIds: v.memberIds,
        locationIds: v.locationIds,
        startsAt: fromLocalInput(v.startsAt),
        endsAt: fromLocalInput(v.endsAt),
        capPerDay: v.capPerDay === "" ? null : Number(v.capPerDay),
        capPerMonth: v.capPerMonth === "" ? null : Number(v.capPerMonth),
        active: v.active,
      };
      return rule
        ? unwrap(
            api.PATCH("/api/v1/programs/{programId}/rules/{ruleId}", {
              params: { path: { programId: program.id, ruleId: rule.id } },
              body,
            }),
          )
        : unwrap(api.POST("/api/v1/programs/{id}/rules", { params: { path: { id: program.id } }, body: { ...body, kind: v.kind } }));
    },
    invalidate: [queryKeys.programs.detail(program.id)],
    savedMessage: (saved) => t("rules.savedMessage", { name: saved.name }),
    onSaved: onClose,
    mapPath: (p) => (p === "multiplierBp" ? "multiplier" : p),
  });
  const v = form.getValues();
  return (
    <EntityDrawer
      opened={rule !== undefined}
      onClose={onClose}
      size="xl"
      title={rule ? t("rules.editTitle") : t("rules.createTitle")}
      onSubmit={onSubmit}
      saving={saving}
    >
      <TextInput label={t("rules.name")} withAsterisk data-autofocus {...form.getInputProps("name")} />
      <Textarea
        label={t("rules.descriptionLabel")}
        description={t("rules.shownToMembers")}
        autosize
        minRows={1}
        {...form.getInputProps("description")}
      />
      <Select
        label={t("rules.icon")}
        description={t("rules.shownToMembers")}
        allowDeselect={false}
        data={RULE_ICONS.map((i) => ({ value: i, label: t(`rules.icons.${i}`) }))}
        {...form.getInputProps("icon")}
      />
      <div>
        <Input.Label size="md" mb={4} id="rule-kind-label">
          {t("rules.kind")}
        </Input.Label>
        <SegmentedControl
          fullWidth
          disabled={!!rule}
          aria-labelledby="rule-kind-label"
          data={(["multiplier", "bonus", "event"] as const).map((k) => ({ value: k, label: t(`rules.kinds.${k}`) }))}
          {...form.getInputProps("kind")}
        />
      </div>
      {v.kind === "multiplier" && (
        <NumberInput
          label={t("rules.multiplier")}
          description={t("rules.multiplierHelp")}
          withAsterisk
          min={1}
          max={10}
          step={0.5}
          decimalScale={2}
          decimalSeparator=","
          prefix="×"
          {...form.getInputProps("multiplier")}
        />
      )}
      {v.kind !== "multiplier" && (
        <NumberInput label={t("rules.bonusPoints")} withAsterisk min={1} allowDecimal={false} {...form.getInputProps("bonusPoints")} />
      )}
      {v.kind === "bonus" && (
        <Switch label={t("rules.perItem")} description={t("rules.perItemHelp")} {...form.getInputProps("perItem", { type: "checkbox" })} />
      )}
      {v.kind === "event" && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t("rules.eventType")}
            withAsterisk
            data={(["registration", "newsletter_confirmed", "review_approved", "birthday", "custom"] as const).map((e) => ({
              value: e,
              label: t(`rules.events.${e}`),
            }))}
            {...form.getInputProps("eventType")}
          />
          {v.eventType === "custom" && (
            <TextInput
              label={t("rules.eventName")}
              description={t("rules.eventNameHelp")}
              withAsterisk
              {...form.getInputProps("eventName")}
            />
          )}
        </SimpleGrid>
      )}
      {v.kind !== "event" && (
        <Card withBorder radius="md">
          <Text fw={600} mb="xs">
            {t("rules.products")}
          </Text>
          <Stack gap="sm">
            <TagsInput label={t("rules.categories")} description={t("rules.tagsHelp")} {...form.getInputProps("categories")} />
            <TagsInput label={t("rules.producers")} {...form.getInputProps("producers")} />
            <TagsInput label={t("rules.skus")} {...form.getInputProps("skus")} />
          </Stack>
        </Card>
      )}
      <Card withBorder radius="md">
        <Text fw={600} mb="xs">
          {t("rules.who")}
        </Text>
        <Stack gap="sm">
          <MultiSelect
            label={t("rules.tiers")}
            data={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            {...form.getInputProps("tierIds")}
          />
          <TagsInput label={t("rules.memberTags")} {...form.getInputProps("tags")} />
          <MemberMultiPicker label={t("rules.members")} value={v.memberIds} onChange={(ids) => form.setFieldValue("memberIds", ids)} />
          <MultiSelect
            label={t("rules.locations")}
            data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
            {...form.getInputProps("locationIds")}
          />
        </Stack>
        <Text size="xs" c="dimmed" mt="xs">
          {t("rules.emptyMeansAll")}
        </Text>
      </Card>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateTimeField
          label={t("rules.startsAt")}
          value={v.startsAt}
          onChange={(value) => form.setFieldValue("startsAt", value)}
          error={form.errors.startsAt}
        />
        <DateTimeField
          label={t("rules.endsAt")}
          value={v.endsAt}
          onChange={(value) => form.setFieldValue("endsAt", value)}
          error={form.errors.endsAt}
        />
        <NumberInput
          label={t("rules.capPerDay")}
          description={t("rules.capHelp")}
          min={1}
          allowDecimal={false}
          {...form.getInputProps("capPerDay")}
        />
        <NumberInput label={t("rules.capPerMonth")} min={1} allowDecimal={false} {...form.getInputProps("capPerMonth")} />
      </SimpleGrid>
      <Switch label={t("rules.active")} {...form.getInputProps("active", { type: "checkbox" })} />
    </EntityDrawer>
  );
}
