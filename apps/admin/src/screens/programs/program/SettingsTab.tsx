import {
  ColorInput,
  Group,
  Input,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, type Program, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import { DateTimeField } from "../../../components/DateFields";
import { useSaveForm } from "../../../components/EntityDrawer";
import { StickySaveBar } from "../../../components/FormActions";
import { formatMoney } from "../../../format";
import { converterText, nameTaken } from "../program-shared";
import { ImageField, Section } from "./ProgramParts";
import { type ProgramValues, SERVER_PATHS, toBody, toMinor, toValues } from "./program-form";

/** The program's settings: general and look, budget, converter, points and tiers. */
export function SettingsTab({ program }: { program: Program }) {
  const { t } = useTranslation();
  const canWrite = useCan("programs.write");
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
  const { onSubmit, saving, mutation } = useSaveForm({
    form,
    save: (v: ProgramValues) => unwrap(api.PATCH("/api/v1/programs/{id}", { params: { path: { id: program.id } }, body: toBody(v) })),
    invalidate: [queryKeys.programs.all],
    savedMessage: (p) => t("programs.savedMessage", { name: p.name }),
    mapPath: (path) => SERVER_PATHS[path] ?? path,
  });
  // A name another program of the company has: say so in place, in the interface language.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the save fails
  useEffect(() => {
    if (nameTaken(mutation.error)) form.setFieldError("name", t("programs.nameTaken"));
  }, [mutation.error]);
  const v = form.getValues();
  const currency = "zł";
  // An ended program cannot be reopened: the server refuses moving its end later (409 on endsAt).
  const hasEnded = program.status === "ended" || (program.endsAt != null && new Date(program.endsAt) <= new Date());
  return (
    <form onSubmit={onSubmit} noValidate>
      <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack>
          <Section title={t("programs.sections.general")}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t("programs.name")} withAsterisk {...form.getInputProps("name")} />
              <TextInput label={t("programs.slogan")} {...form.getInputProps("slogan")} />
            </SimpleGrid>
            <Textarea label={t("programs.descriptionLabel")} autosize minRows={2} {...form.getInputProps("description")} />
            <div>
              <Input.Label size="md" mb={4} id="program-status-label">
                {t("programs.status")}
              </Input.Label>
              <SegmentedControl
                aria-labelledby="program-status-label"
                data={(["draft", "active", "ended"] as const).map((s) => ({ value: s, label: t(`programs.statuses.${s}`) }))}
                {...form.getInputProps("status")}
              />
            </div>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <DateTimeField
                label={t("programs.startsAt")}
                description={t("programs.openEnded")}
                value={v.startsAt}
                onChange={(value) => form.setFieldValue("startsAt", value)}
                error={form.errors.startsAt}
              />
              <DateTimeField
                label={t("programs.endsAt")}
                description={hasEnded ? t("programs.endFixed") : t("programs.openEnded")}
                disabled={hasEnded}
                value={v.endsAt}
                onChange={(value) => form.setFieldValue("endsAt", value)}
                error={form.errors.endsAt}
              />
            </SimpleGrid>
            <ColorInput
              label={t("programs.primaryColor")}
              format="hex"
              eyeDropperButtonProps={{ "aria-label": t("programs.pickColorFromScreen") }}
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
          {canWrite && <StickySaveBar loading={saving} />}
        </Stack>
      </fieldset>
    </form>
  );
}
