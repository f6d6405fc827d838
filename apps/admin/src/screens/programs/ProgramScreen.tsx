import {
  ActionIcon,
  Alert,
  Avatar,
  Badge,
  Button,
  Card,
  ColorInput,
  Drawer,
  EmptyState,
  FileButton,
  Group,
  Input,
  Loader,
  Menu,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import {
  IconAlertTriangle,
  IconBolt,
  IconDots,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlus,
  IconSettings,
  IconStairsUp,
  IconTrash,
  IconUpload,
} from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { api, type EarningRule, type Program, type Tier, unwrap, uploadMedia } from "../../api/client";
import { useAllLocations, useTiers } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { ErrorState } from "../../components/ErrorState";
import { FormActions } from "../../components/FormActions";
import { notifyError, notifySaved, showFormError } from "../../components/feedback";
import { MemberMultiPicker } from "../../components/MemberPicker";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import {
  bpToPercent,
  formatBp,
  formatDateTime,
  formatMoney,
  formatMultiplier,
  formatPoints,
  fromLocalInput,
  percentToBp,
  toLocalInput,
} from "../../format";
import { converterText, ProgramStatusBadge } from "./ProgramsScreen";

const toMinor = (v: number | string) => Math.round(Number(v || 0) * 100);
const fromMinor = (v: number) => v / 100;

function programKey(id: string) {
  return ["program", id] as const;
}

export function ProgramScreen() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [tab, setTab] = useState<string | null>("settings");
  const program = useQuery({
    queryKey: programKey(id),
    queryFn: () => unwrap(api.GET("/api/v1/programs/{id}", { params: { path: { id } } })),
  });
  if (program.isError) return <ErrorState error={program.error} onRetry={() => void program.refetch()} />;
  if (program.isPending) return <PageLoader />;
  const p = program.data;
  return (
    <>
      <PageHeader
        title={p.name}
        description={p.slogan || t("programs.detailDescription")}
        actions={<ProgramStatusBadge status={p.status} />}
      />
      <CostPanel programId={p.id} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="settings" leftSection={<IconSettings size={18} />}>
            {t("programs.tabs.settings")}
          </Tabs.Tab>
          <Tabs.Tab value="tiers" leftSection={<IconStairsUp size={18} />}>
            {t("programs.tabs.tiers")}
          </Tabs.Tab>
          <Tabs.Tab value="rules" leftSection={<IconBolt size={18} />}>
            {t("programs.tabs.rules")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="settings">
          <ProgramForm program={p} />
        </Tabs.Panel>
        <Tabs.Panel value="tiers">
          <TiersTab program={p} />
        </Tabs.Panel>
        <Tabs.Panel value="rules">
          <RulesTab program={p} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function CostPanel({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const cost = useQuery({
    queryKey: [...programKey(programId), "cost"],
    queryFn: () => unwrap(api.GET("/api/v1/programs/{id}/cost", { params: { path: { id: programId } } })),
  });
  if (!cost.data) return null;
  const c = cost.data;
  const suggestion = c.suggestedConverter ? converterText(t, c.suggestedConverter.points, c.suggestedConverter.amountMinor) : null;
  return (
    <Alert
      mb="md"
      color={c.overBudget ? "red" : "indigo"}
      variant={c.overBudget ? "filled" : "light"}
      icon={c.overBudget ? <IconAlertTriangle /> : undefined}
      title={c.overBudget ? t("programs.cost.overBudgetTitle") : t("programs.cost.title")}
      data-testid="cost-panel"
    >
      <Stack gap={2}>
        <Text size="sm">
          {t("programs.cost.summary", {
            base: formatBp(c.baseCostBp),
            max: formatBp(c.maxCostBp),
            budget: c.budgetBp > 0 ? formatBp(c.budgetBp) : t("programs.cost.noBudget"),
          })}
        </Text>
        {c.overBudget && <Text size="sm">{t("programs.cost.overBudget")}</Text>}
        {suggestion && (
          <Text size="sm" fw={600}>
            {t("programs.cost.suggested", { converter: suggestion })}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

interface ProgramValues {
  name: string;
  slogan: string;
  description: string;
  status: Program["status"];
  startsAt: string;
  endsAt: string;
  primaryColor: string;
  photoMediaId: string | null;
  photoUrl: string | null;
  iconMediaId: string | null;
  iconUrl: string | null;
  budgetPercent: number | string;
  pointValuePoints: number | string;
  pointValue: number | string;
  converterPoints: number | string;
  converterAmount: number | string;
  rounding: Program["rounding"];
  minPurchase: number | string;
  welcomePoints: number | string;
  pendingDays: number | string;
  expiryPolicy: Program["expiryPolicy"];
  expiryValue: number | string;
  negativePolicy: Program["negativePolicy"];
  tierBasis: Program["tierBasis"];
  tierPeriod: Program["tierPeriod"];
  tierPeriodDays: number | string;
  tierDowngrade: boolean;
}

function toValues(p: Program): ProgramValues {
  return {
    name: p.name,
    slogan: p.slogan,
    description: p.description,
    status: p.status,
    startsAt: toLocalInput(p.startsAt),
    endsAt: toLocalInput(p.endsAt),
    primaryColor: p.primaryColor,
    photoMediaId: p.photoMediaId,
    photoUrl: p.photoUrl,
    iconMediaId: p.iconMediaId,
    iconUrl: p.iconUrl,
    budgetPercent: bpToPercent(p.budgetBp),
    pointValuePoints: p.pointValuePoints,
    pointValue: fromMinor(p.pointValueMinor),
    converterPoints: p.converterPoints,
    converterAmount: fromMinor(p.converterAmountMinor),
    rounding: p.rounding,
    minPurchase: fromMinor(p.minPurchaseMinor),
    welcomePoints: p.welcomePoints,
    pendingDays: p.pendingDays,
    expiryPolicy: p.expiryPolicy,
    expiryValue: p.expiryValue ?? "",
    negativePolicy: p.negativePolicy,
    tierBasis: p.tierBasis,
    tierPeriod: p.tierPeriod,
    tierPeriodDays: p.tierPeriodDays ?? "",
    tierDowngrade: p.tierDowngrade,
  };
}

function toBody(v: ProgramValues) {
  const needsExpiryValue = v.expiryPolicy === "days" || v.expiryPolicy === "months";
  return {
    name: v.name.trim(),
    slogan: v.slogan,
    description: v.description,
    status: v.status,
    startsAt: fromLocalInput(v.startsAt),
    endsAt: fromLocalInput(v.endsAt),
    primaryColor: v.primaryColor,
    photoMediaId: v.photoMediaId,
    iconMediaId: v.iconMediaId,
    budgetBp: percentToBp(v.budgetPercent || 0),
    pointValuePoints: Number(v.pointValuePoints) || 1,
    pointValueMinor: toMinor(v.pointValue),
    converterPoints: Number(v.converterPoints) || 0,
    converterAmountMinor: toMinor(v.converterAmount),
    rounding: v.rounding,
    minPurchaseMinor: toMinor(v.minPurchase),
    welcomePoints: Number(v.welcomePoints) || 0,
    pendingDays: Number(v.pendingDays) || 0,
    expiryPolicy: v.expiryPolicy,
    expiryValue: needsExpiryValue ? Number(v.expiryValue) : null,
    negativePolicy: v.negativePolicy,
    tierBasis: v.tierBasis,
    tierPeriod: v.tierPeriod,
    tierPeriodDays: v.tierPeriod === "rolling_days" ? Number(v.tierPeriodDays) : null,
    tierDowngrade: v.tierDowngrade,
  };
}

const SERVER_PATHS: Record<string, string> = {
  budgetBp: "budgetPercent",
  pointValueMinor: "pointValue",
  converterAmountMinor: "converterAmount",
  minPurchaseMinor: "minPurchase",
};

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card withBorder radius="lg" p="lg">
      <Title order={2} size="h4" mb="md">
        {title}
      </Title>
      <Stack>{children}</Stack>
    </Card>
  );
}

function ImageField({
  label,
  url,
  onUploaded,
  onRemove,
}: {
  label: string;
  url: string | null;
  onUploaded: (m: { id: string; url: string }) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <div>
      <Input.Label size="md" mb={4}>
        {label}
      </Input.Label>
      <Group>
        <Avatar src={url} size={64} radius="md" alt={label} />
        <FileButton
          accept="image/png,image/jpeg,image/webp,image/gif"
          onChange={async (file) => {
            if (!file) return;
            setBusy(true);
            try {
              onUploaded(await uploadMedia(file));
            } catch (err) {
              notifyError(t, err);
            } finally {
              setBusy(false);
            }
          }}
        >
          {(props) => (
            <Button variant="light" leftSection={<IconUpload size={16} />} loading={busy} {...props}>
              {t("programs.upload")}
            </Button>
          )}
        </FileButton>
        {url && (
          <Button variant="subtle" color="red" onClick={onRemove}>
            {t("programs.removeImage")}
          </Button>
        )}
      </Group>
    </div>
  );
}

function ProgramForm({ program }: { program: Program }) {
  const { t } = useTranslation();
  const canWrite = useCan("programs.write");
  const queryClient = useQueryClient();
  const form = useForm<ProgramValues>({
    initialValues: toValues(program),
    validate: {
      name: (v) => (v.trim() ? null : t("validation.required")),
      endsAt: (v, values) => (v && values.startsAt && v <= values.startsAt ? t("programs.endsAfterStarts") : null),
      budgetPercent: (v) => (Number(v) >= 0 && Number(v) <= 100 ? null : t("programs.percentRange")),
      converterAmount: (v) => (Number(v) > 0 ? null : t("programs.mustBePositive")),
      pointValuePoints: (v) => (Number(v) >= 1 ? null : t("programs.mustBePositive")),
      expiryValue: (v, values) =>
        (values.expiryPolicy === "days" || values.expiryPolicy === "months") && !(Number(v) >= 1) ? t("validation.required") : null,
      tierPeriodDays: (v, values) => (values.tierPeriod === "rolling_days" && !(Number(v) >= 1) ? t("validation.required") : null),
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the program is reloaded
  useEffect(() => {
    const v = toValues(program);
    form.setValues(v);
    form.resetDirty(v);
  }, [program.updatedAt]);
  const save = useMutation({
    mutationFn: (v: ProgramValues) => unwrap(api.PATCH("/api/v1/programs/{id}", { params: { path: { id: program.id } }, body: toBody(v) })),
    onSuccess: (p) => {
      queryClient.setQueryData(programKey(p.id), p);
      void queryClient.invalidateQueries({ queryKey: ["programs"] });
      void queryClient.invalidateQueries({ queryKey: [...programKey(p.id), "cost"] });
      notifySaved(t, t("programs.savedMessage", { name: p.name }));
    },
    onError: (err) => showFormError(t, form, err, (path) => SERVER_PATHS[path] ?? path),
  });
  const v = form.getValues();
  const currency = "zł";
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack>
          <Section title={t("programs.sections.general")}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t("programs.name")} withAsterisk {...form.getInputProps("name")} />
              <TextInput label={t("programs.slogan")} {...form.getInputProps("slogan")} />
            </SimpleGrid>
            <Textarea label={t("programs.descriptionLabel")} autosize minRows={2} {...form.getInputProps("description")} />
            <div>
              <Input.Label size="md" mb={4}>
                {t("programs.status")}
              </Input.Label>
              <SegmentedControl
                aria-label={t("programs.status")}
                data={(["draft", "active", "ended"] as const).map((s) => ({ value: s, label: t(`programs.statuses.${s}`) }))}
                {...form.getInputProps("status")}
              />
            </div>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                type="datetime-local"
                label={t("programs.startsAt")}
                description={t("programs.openEnded")}
                {...form.getInputProps("startsAt")}
              />
              <TextInput
                type="datetime-local"
                label={t("programs.endsAt")}
                description={t("programs.openEnded")}
                {...form.getInputProps("endsAt")}
              />
            </SimpleGrid>
            <ColorInput
              label={t("programs.primaryColor")}
              format="hex"
              swatches={["#2f9e44", "#1971c2", "#5f3dc4", "#e8590c", "#c2255c", "#212529"]}
              {...form.getInputProps("primaryColor")}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <ImageField
                label={t("programs.photo")}
                url={v.photoUrl}
                onUploaded={(m) => form.setValues({ photoMediaId: m.id, photoUrl: m.url })}
                onRemove={() => form.setValues({ photoMediaId: null, photoUrl: null })}
              />
              <ImageField
                label={t("programs.icon")}
                url={v.iconUrl}
                onUploaded={(m) => form.setValues({ iconMediaId: m.id, iconUrl: m.url })}
                onRemove={() => form.setValues({ iconMediaId: null, iconUrl: null })}
              />
            </SimpleGrid>
          </Section>

          <Section title={t("programs.sections.budget")}>
            <NumberInput
              label={t("programs.budget")}
              description={t("programs.budgetHelp")}
              min={0}
              max={100}
              decimalScale={2}
              decimalSeparator=","
              suffix=" %"
              {...form.getInputProps("budgetPercent")}
            />
            <Group align="flex-start" grow>
              <NumberInput
                label={t("programs.pointValuePoints")}
                min={1}
                allowDecimal={false}
                {...form.getInputProps("pointValuePoints")}
              />
              <NumberInput
                label={t("programs.pointValue")}
                min={0}
                decimalScale={2}
                decimalSeparator=","
                suffix={` ${currency}`}
                {...form.getInputProps("pointValue")}
              />
            </Group>
            <Text size="sm" c="dimmed">
              {t("programs.pointValueHelp", { points: v.pointValuePoints || 1, value: formatMoney(toMinor(v.pointValue)) })}
            </Text>
          </Section>

          <Section title={t("programs.sections.converter")}>
            <Group align="flex-start" grow>
              <NumberInput label={t("programs.converterPoints")} min={0} allowDecimal={false} {...form.getInputProps("converterPoints")} />
              <NumberInput
                label={t("programs.converterAmount")}
                min={0.01}
                decimalScale={2}
                decimalSeparator=","
                suffix={` ${currency}`}
                {...form.getInputProps("converterAmount")}
              />
            </Group>
            <Text fw={600} data-testid="converter-summary">
              {converterText(t, Number(v.converterPoints) || 0, toMinor(v.converterAmount))}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t("programs.rounding")}
                allowDeselect={false}
                data={[
                  { value: "down", label: t("programs.roundings.down") },
                  { value: "half_up", label: t("programs.roundings.half_up") },
                ]}
                {...form.getInputProps("rounding")}
              />
              <NumberInput
                label={t("programs.minPurchase")}
                min={0}
                decimalScale={2}
                decimalSeparator=","
                suffix={` ${currency}`}
                {...form.getInputProps("minPurchase")}
              />
            </SimpleGrid>
          </Section>

          <Section title={t("programs.sections.points")}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={t("programs.welcomePoints")}
                description={t("programs.welcomeHelp")}
                min={0}
                allowDecimal={false}
                {...form.getInputProps("welcomePoints")}
              />
              <NumberInput
                label={t("programs.pendingDays")}
                description={t("programs.pendingHelp")}
                min={0}
                max={365}
                allowDecimal={false}
                {...form.getInputProps("pendingDays")}
              />
              <Select
                label={t("programs.expiryPolicy")}
                allowDeselect={false}
                data={(["never", "days", "months", "end_of_month", "end_of_quarter", "end_of_year"] as const).map((e) => ({
                  value: e,
                  label: t(`programs.expiry.${e}`),
                }))}
                {...form.getInputProps("expiryPolicy")}
              />
              {(v.expiryPolicy === "days" || v.expiryPolicy === "months") && (
                <NumberInput
                  label={v.expiryPolicy === "days" ? t("programs.expiryDays") : t("programs.expiryMonths")}
                  min={1}
                  max={3650}
                  allowDecimal={false}
                  withAsterisk
                  {...form.getInputProps("expiryValue")}
                />
              )}
            </SimpleGrid>
            <Select
              label={t("programs.negativePolicy")}
              allowDeselect={false}
              data={[
                { value: "record_debt", label: t("programs.negative.record_debt") },
                { value: "allow_negative", label: t("programs.negative.allow_negative") },
              ]}
              {...form.getInputProps("negativePolicy")}
            />
          </Section>

          <Section title={t("programs.sections.tiers")}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t("programs.tierBasis")}
                allowDeselect={false}
                data={[
                  { value: "points", label: t("programs.basis.points") },
                  { value: "spend", label: t("programs.basis.spend") },
                ]}
                {...form.getInputProps("tierBasis")}
              />
              <Select
                label={t("programs.tierPeriod")}
                allowDeselect={false}
                data={(["rolling_days", "calendar_year", "lifetime"] as const).map((x) => ({
                  value: x,
                  label: t(`programs.periods.${x}`),
                }))}
                {...form.getInputProps("tierPeriod")}
              />
              {v.tierPeriod === "rolling_days" && (
                <NumberInput
                  label={t("programs.tierPeriodDays")}
                  min={1}
                  max={3650}
                  allowDecimal={false}
                  withAsterisk
                  {...form.getInputProps("tierPeriodDays")}
                />
              )}
            </SimpleGrid>
            <Switch
              label={t("programs.tierDowngrade")}
              description={t("programs.tierDowngradeHelp")}
              {...form.getInputProps("tierDowngrade", { type: "checkbox" })}
            />
          </Section>
          {canWrite && (
            <Group justify="flex-end" style={{ position: "sticky", bottom: 0, background: "var(--mantine-color-body)", padding: "12px 0" }}>
              <Button type="submit" size="md" loading={save.isPending}>
                {t("common.save")}
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}

interface TierValues {
  name: string;
  threshold: number | string;
  discountPercent: number | string;
  multiplier: number | string;
  ownConverter: boolean;
  converterPoints: number | string;
  converterAmount: number | string;
  color: string;
}

function TierDrawer({ program, tier, onClose }: { program: Program; tier: Tier | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const spend = program.tierBasis === "spend";
  const form = useForm<TierValues>({
    initialValues: {
      name: "",
      threshold: 0,
      discountPercent: 0,
      multiplier: 1,
      ownConverter: false,
      converterPoints: 1,
      converterAmount: 1,
      color: "#868e96",
    },
    validate: {
      name: (v) => (v.trim() ? null : t("validation.required")),
      threshold: (v) => (Number(v) >= 0 && v !== "" ? null : t("validation.required")),
      discountPercent: (v) => (Number(v) >= 0 && Number(v) <= 100 ? null : t("programs.percentRange")),
      multiplier: (v) => (Number(v) >= 0 && Number(v) <= 10 ? null : t("programs.multiplierRange")),
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened
  useEffect(() => {
    if (tier === undefined) return;
    form.setValues(
      tier
        ? {
            name: tier.name,
            threshold: spend ? fromMinor(tier.threshold) : tier.threshold,
            discountPercent: bpToPercent(tier.discountBp),
            multiplier: tier.multiplierBp / 10_000,
            ownConverter: tier.converterPoints !== null,
            converterPoints: tier.converterPoints ?? program.converterPoints,
            converterAmount: fromMinor(tier.converterAmountMinor ?? program.converterAmountMinor),
            color: tier.color,
          }
        : {
            name: "",
            threshold: 0,
            discountPercent: 0,
            multiplier: 1,
            ownConverter: false,
            converterPoints: program.converterPoints,
            converterAmount: fromMinor(program.converterAmountMinor),
            color: "#868e96",
          },
    );
    form.clearErrors();
  }, [tier]);
  const save = useMutation({
    mutationFn: (v: TierValues) => {
      const body = {
        name: v.name.trim(),
        threshold: spend ? toMinor(v.threshold) : Number(v.threshold),
        discountBp: percentToBp(v.discountPercent || 0),
        multiplierBp: Math.round(Number(v.multiplier) * 10_000),
        converterPoints: v.ownConverter ? Number(v.converterPoints) : null,
        converterAmountMinor: v.ownConverter ? toMinor(v.converterAmount) : null,
        color: v.color,
      };
      return tier
        ? unwrap(
            api.PATCH("/api/v1/programs/{programId}/tiers/{tierId}", {
              params: { path: { programId: program.id, tierId: tier.id } },
              body,
            }),
          )
        : unwrap(api.POST("/api/v1/programs/{id}/tiers", { params: { path: { id: program.id } }, body }));
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.tiers.all });
      void queryClient.invalidateQueries({ queryKey: [...programKey(program.id), "cost"] });
      notifySaved(t, t("tiers.savedMessage", { name: saved.name }));
      onClose();
    },
    onError: (err) =>
      showFormError(
        t,
        form,
        err,
        (p) => ({ discountBp: "discountPercent", multiplierBp: "multiplier", converterAmountMinor: "converterAmount" })[p] ?? p,
      ),
  });
  const v = form.getValues();
  return (
    <Drawer
      opened={tier !== undefined}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        <Text fw={700} size="lg">
          {tier ? t("tiers.editTitle") : t("tiers.createTitle")}
        </Text>
      }
    >
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <TextInput label={t("tiers.name")} withAsterisk data-autofocus {...form.getInputProps("name")} />
          <NumberInput
            label={spend ? t("tiers.thresholdSpend") : t("tiers.thresholdPoints")}
            description={t("tiers.thresholdHelp")}
            withAsterisk
            min={0}
            decimalScale={spend ? 2 : 0}
            decimalSeparator=","
            suffix={spend ? " zł" : undefined}
            {...form.getInputProps("threshold")}
          />
          <SimpleGrid cols={2}>
            <NumberInput
              label={t("tiers.discount")}
              min={0}
              max={100}
              decimalScale={2}
              decimalSeparator=","
              suffix=" %"
              {...form.getInputProps("discountPercent")}
            />
            <NumberInput
              label={t("tiers.multiplier")}
              description={t("tiers.multiplierHelp")}
              min={0}
              max={10}
              step={0.5}
              decimalScale={2}
              decimalSeparator=","
              prefix="×"
              {...form.getInputProps("multiplier")}
            />
          </SimpleGrid>
          <Switch label={t("tiers.ownConverter")} {...form.getInputProps("ownConverter", { type: "checkbox" })} />
          {v.ownConverter && (
            <SimpleGrid cols={2}>
              <NumberInput label={t("programs.converterPoints")} min={0} allowDecimal={false} {...form.getInputProps("converterPoints")} />
              <NumberInput
                label={t("programs.converterAmount")}
                min={0.01}
                decimalScale={2}
                decimalSeparator=","
                suffix=" zł"
                {...form.getInputProps("converterAmount")}
              />
            </SimpleGrid>
          )}
          <ColorInput
            label={t("tiers.color")}
            format="hex"
            swatches={["#868e96", "#cd7f32", "#adb5bd", "#fab005", "#4c6ef5", "#212529"]}
            {...form.getInputProps("color")}
          />
          <FormActions onCancel={onClose} loading={save.isPending} />
        </Stack>
      </form>
    </Drawer>
  );
}

function TiersTab({ program }: { program: Program }) {
  const { t } = useTranslation();
  const canWrite = useCan("programs.write");
  const queryClient = useQueryClient();
  const tiers = useTiers(program.id);
  const [editing, setEditing] = useState<Tier | null | undefined>(undefined);
  const remove = useMutation({
    mutationFn: (tier: Tier) =>
      unwrap(api.DELETE("/api/v1/programs/{programId}/tiers/{tierId}", { params: { path: { programId: program.id, tierId: tier.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.tiers.all });
      void queryClient.invalidateQueries({ queryKey: [...programKey(program.id), "cost"] });
      notifySaved(t, t("tiers.deletedMessage"));
    },
    onError: (err) => notifyError(t, err),
  });
  const spend = program.tierBasis === "spend";
  const add = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t("tiers.add")}
    </Button>
  );
  if (tiers.isError) return <ErrorState error={tiers.error} onRetry={() => void tiers.refetch()} />;
  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          {t("tiers.help", { basis: t(`programs.basis.${program.tierBasis}`), period: t(`programs.periods.${program.tierPeriod}`) })}
        </Text>
        {add}
      </Group>
      {tiers.isPending ? (
        <Loader aria-label={t("common.loading")} />
      ) : tiers.data.length === 0 ? (
        <EmptyState icon={<IconStairsUp />} title={t("tiers.emptyTitle")} description={t("tiers.empty")} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="sm" aria-label={t("programs.tabs.tiers")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("tiers.name")}</Table.Th>
                <Table.Th>{t("tiers.threshold")}</Table.Th>
                <Table.Th>{t("tiers.discount")}</Table.Th>
                <Table.Th>{t("tiers.multiplier")}</Table.Th>
                <Table.Th>{t("tiers.converter")}</Table.Th>
                {canWrite && <Table.Th w={60}>{t("common.actions")}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tiers.data.map((tier) => (
                <Table.Tr key={tier.id}>
                  <Table.Td>
                    <Badge color={tier.color} size="lg" tt="none">
                      {tier.name}
                    </Badge>
                  </Table.Td>
                  <Table.Td className="nowrap">
                    {spend ? formatMoney(tier.threshold) : t("tiers.pointsValue", { points: formatPoints(tier.threshold) })}
                  </Table.Td>
                  <Table.Td>{formatBp(tier.discountBp)}</Table.Td>
                  <Table.Td>{formatMultiplier(tier.multiplierBp)}</Table.Td>
                  <Table.Td>
                    {tier.converterPoints !== null && tier.converterAmountMinor !== null
                      ? converterText(t, tier.converterPoints, tier.converterAmountMinor)
                      : t("tiers.programConverter")}
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <ActionIcon aria-label={t("common.actionsFor", { name: tier.name })}>
                            <IconDots size={20} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(tier)} mih={40}>
                            {t("common.edit")}
                          </Menu.Item>
                          <Menu.Item
                            color="red"
                            leftSection={<IconTrash size={16} />}
                            mih={40}
                            onClick={() =>
                              confirmAction(t, {
                                title: t("tiers.deleteTitle", { name: tier.name }),
                                message: t("tiers.deleteMessage"),
                                confirmLabel: t("tiers.delete"),
                                onConfirm: () => remove.mutate(tier),
                              })
                            }
                          >
                            {t("tiers.delete")}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <TierDrawer program={program} tier={editing} onClose={() => setEditing(undefined)} />
    </Stack>
  );
}

/** One line a person can read: "×2 · category Kawa · for Gold · from … · cap 500/day". */
export function describeRule(
  t: TFunction,
  rule: EarningRule,
  tierName: (id: string) => string,
  locationName: (id: string) => string,
): string {
  const parts: string[] = [];
  if (rule.kind === "multiplier") parts.push(formatMultiplier(rule.multiplierBp ?? 10_000));
  else if (rule.kind === "bonus")
    parts.push(t(rule.perItem ? "rules.describe.bonusPerItem" : "rules.describe.bonus", { points: formatPoints(rule.bonusPoints ?? 0) }));
  else
    parts.push(
      t("rules.describe.event", {
        points: formatPoints(rule.bonusPoints ?? 0),
        event: rule.eventType === "custom" ? (rule.eventName ?? "") : t(`rules.events.${rule.eventType ?? "custom"}`),
      }),
    );
  if (rule.skus.length) parts.push(t("rules.describe.skus", { list: rule.skus.join(", ") }));
  if (rule.categories.length) parts.push(t("rules.describe.categories", { list: rule.categories.join(", ") }));
  if (rule.producers.length) parts.push(t("rules.describe.producers", { list: rule.producers.join(", ") }));
  if (rule.tierIds.length) parts.push(t("rules.describe.tiers", { list: rule.tierIds.map(tierName).join(", ") }));
  if (rule.tags.length) parts.push(t("rules.describe.tags", { list: rule.tags.join(", ") }));
  if (rule.memberIds.length) parts.push(t("rules.describe.members", { count: rule.memberIds.length }));
  if (rule.locationIds.length) parts.push(t("rules.describe.locations", { list: rule.locationIds.map(locationName).join(", ") }));
  if (rule.startsAt || rule.endsAt)
    parts.push(
      t("rules.describe.window", {
        from: rule.startsAt ? formatDateTime(rule.startsAt) : "…",
        to: rule.endsAt ? formatDateTime(rule.endsAt) : "…",
      }),
    );
  else parts.push(t("rules.describe.always"));
  if (rule.capPerDay) parts.push(t("rules.describe.capDay", { points: formatPoints(rule.capPerDay) }));
  if (rule.capPerMonth) parts.push(t("rules.describe.capMonth", { points: formatPoints(rule.capPerMonth) }));
  return parts.join(" · ");
}

interface RuleValues {
  name: string;
  description: string;
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

function RuleDrawer({ program, rule, onClose }: { program: Program; rule: EarningRule | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
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
  const save = useMutation({
    mutationFn: (v: RuleValues) => {
      const body = {
        name: v.name.trim(),
        description: v.description,
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
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: [...programKey(program.id), "rules"] });
      void queryClient.invalidateQueries({ queryKey: [...programKey(program.id), "cost"] });
      notifySaved(t, t("rules.savedMessage", { name: saved.name }));
      onClose();
    },
    onError: (err) => showFormError(t, form, err, (p) => (p === "multiplierBp" ? "multiplier" : p)),
  });
  const v = form.getValues();
  return (
    <Drawer
      opened={rule !== undefined}
      onClose={onClose}
      position="right"
      size="xl"
      title={
        <Text fw={700} size="lg">
          {rule ? t("rules.editTitle") : t("rules.createTitle")}
        </Text>
      }
    >
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <TextInput label={t("rules.name")} withAsterisk data-autofocus {...form.getInputProps("name")} />
          <Textarea label={t("rules.descriptionLabel")} autosize minRows={1} {...form.getInputProps("description")} />
          <div>
            <Input.Label size="md" mb={4}>
              {t("rules.kind")}
            </Input.Label>
            <SegmentedControl
              fullWidth
              disabled={!!rule}
              aria-label={t("rules.kind")}
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
            <Switch
              label={t("rules.perItem")}
              description={t("rules.perItemHelp")}
              {...form.getInputProps("perItem", { type: "checkbox" })}
            />
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
            <TextInput type="datetime-local" label={t("rules.startsAt")} {...form.getInputProps("startsAt")} />
            <TextInput type="datetime-local" label={t("rules.endsAt")} {...form.getInputProps("endsAt")} />
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
          <FormActions onCancel={onClose} loading={save.isPending} />
        </Stack>
      </form>
    </Drawer>
  );
}

function RulesTab({ program }: { program: Program }) {
  const { t } = useTranslation();
  const canWrite = useCan("programs.write");
  const queryClient = useQueryClient();
  const tiers = useTiers(program.id);
  const locations = useAllLocations();
  const rules = useQuery({
    queryKey: [...programKey(program.id), "rules"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/programs/{id}/rules", { params: { path: { id: program.id } } }))).data,
  });
  const [editing, setEditing] = useState<EarningRule | null | undefined>(undefined);
  const toggle = useMutation({
    mutationFn: (r: EarningRule) =>
      unwrap(
        api.PATCH("/api/v1/programs/{programId}/rules/{ruleId}", {
          params: { path: { programId: program.id, ruleId: r.id } },
          body: { active: !r.active },
        }),
      ),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: [...programKey(program.id), "rules"] });
      void queryClient.invalidateQueries({ queryKey: [...programKey(program.id), "cost"] });
      notifySaved(t, r.active ? t("rules.activatedMessage", { name: r.name }) : t("rules.deactivatedMessage", { name: r.name }));
    },
    onError: (err) => notifyError(t, err),
  });
  const tierName = (id: string) => tiers.data?.find((x) => x.id === id)?.name ?? "…";
  const locationName = (id: string) => locations.data?.find((l) => l.id === id)?.name ?? "…";
  const add = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t("rules.add")}
    </Button>
  );
  if (rules.isError) return <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />;
  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          {t("rules.help")}
        </Text>
        {add}
      </Group>
      {rules.isPending ? (
        <Loader aria-label={t("common.loading")} />
      ) : rules.data.length === 0 ? (
        <EmptyState icon={<IconBolt />} title={t("rules.emptyTitle")} description={t("rules.empty")} />
      ) : (
        <Stack gap="sm">
          {rules.data.map((r) => (
            <Card key={r.id} withBorder radius="md" p="md" data-testid="rule-card" opacity={r.active ? 1 : 0.6}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Group gap="xs">
                    <Text fw={700}>{r.name}</Text>
                    <Badge variant="light">{t(`rules.kinds.${r.kind}`)}</Badge>
                    {!r.active && <Badge color="gray">{t("rules.inactive")}</Badge>}
                  </Group>
                  <Text size="sm" mt={4} data-testid="rule-description">
                    {describeRule(t, r, tierName, locationName)}
                  </Text>
                  {r.description && (
                    <Text size="xs" c="dimmed">
                      {r.description}
                    </Text>
                  )}
                </div>
                {canWrite && (
                  <Menu position="bottom-end">
                    <Menu.Target>
                      <ActionIcon aria-label={t("common.actionsFor", { name: r.name })}>
                        <IconDots size={20} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(r)} mih={40}>
                        {t("common.edit")}
                      </Menu.Item>
                      <Menu.Item
                        leftSection={r.active ? <IconPlayerPause size={16} /> : <IconPlayerPlay size={16} />}
                        onClick={() => toggle.mutate(r)}
                        mih={40}
                      >
                        {r.active ? t("rules.deactivate") : t("rules.activate")}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                )}
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      <RuleDrawer program={program} rule={editing} onClose={() => setEditing(undefined)} />
    </Stack>
  );
}
