import { ColorInput, NumberInput, SimpleGrid, Switch, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, type Program, type Tier, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { EntityDrawer, useSaveForm } from "../../../components/EntityDrawer";
import { bpToPercent, percentToBp } from "../../../format";
import { fromMinor, toMinor } from "./program-form";

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

export function TierDrawer({ program, tier, onClose }: { program: Program; tier: Tier | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
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
  const { onSubmit, saving } = useSaveForm({
    form,
    save: (v: TierValues) => {
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
    invalidate: [queryKeys.tiers.all, queryKeys.programs.detail(program.id)],
    savedMessage: (saved) => t("tiers.savedMessage", { name: saved.name }),
    onSaved: onClose,
    mapPath: (p) => ({ discountBp: "discountPercent", multiplierBp: "multiplier", converterAmountMinor: "converterAmount" })[p] ?? p,
  });
  const v = form.getValues();
  return (
    <EntityDrawer
      opened={tier !== undefined}
      onClose={onClose}
      title={tier ? t("tiers.editTitle") : t("tiers.createTitle")}
      onSubmit={onSubmit}
      saving={saving}
    >
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
        eyeDropperButtonProps={{ "aria-label": t("programs.pickColorFromScreen") }}
        swatches={["#868e96", "#cd7f32", "#adb5bd", "#fab005", "#4c6ef5", "#212529"]}
        {...form.getInputProps("color")}
      />
    </EntityDrawer>
  );
}
