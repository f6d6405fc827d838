import { Alert, Button, Fieldset, Grid, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconArrowLeft, IconPackage } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { api, unwrap, uploadMedia } from "../../api/client";
import { usePrograms, useTiers } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { useSaveForm } from "../../components/EntityDrawer";
import { notifyError } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";
import { QueryView } from "../../components/QueryView";
import { localName, type Reward, useReward } from "../../components/RewardShared";
import { parseMoney } from "../../format";
import { AvailabilityFields } from "./reward/AvailabilityFields";
import { ImagesField } from "./reward/ImagesField";
import { KindFields } from "./reward/KindFields";
import { RewardPreview } from "./reward/RewardPreview";
import { commonBody, EMPTY, formPath, MAX_IMAGES, toValues, type Values } from "./reward/reward-form";
import { StockFields } from "./reward/StockFields";

/**
 * Create (route /rewards/new, ?programId=… to create it in that program, e.g. from the program's
 * Rewards tab) or edit (route /rewards/:id) a reward, with a live preview.
 */
export function RewardScreen() {
  const { id } = useParams();
  const reward = useReward(id);
  if (!id) return <RewardEditor key="new" reward={undefined} />;
  return <QueryView query={reward}>{(r) => <RewardEditor key={r.id} reward={r} />}</QueryView>;
}

function RewardEditor({ reward }: { reward: Reward | undefined }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const fromProgram = params.get("programId");
  const canWrite = useCan("rewards.write");
  const programs = usePrograms();
  const [uploading, setUploading] = useState(false);
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: reward ? toValues(reward) : { ...EMPTY, programId: fromProgram ?? "" },
    validate: {
      programId: (v) => (v ? null : t("validation.required")),
      namePl: (v) => (v.trim() ? null : t("validation.required")),
      pointsPrice: (v) => (v !== "" && Number(v) >= 1 ? null : t("rewards.form.priceInvalid")),
      couponValue: (v, values) =>
        values.kind === "coupon" && values.couponKind === "percent" && !(Number(v) >= 1 && Number(v) <= 100)
          ? t("rewards.form.percentInvalid")
          : null,
      couponAmount: (v, values) =>
        values.kind === "coupon" && values.couponKind === "amount" && !(parseMoney(v) ?? 0) ? t("rewards.form.amountInvalid") : null,
      couponMinOrder: (v, values) =>
        values.kind === "coupon" && v.trim() && parseMoney(v) === null ? t("rewards.form.amountInvalid") : null,
      productSku: (v, values) => (values.kind === "free_product" && !v.trim() ? t("validation.required") : null),
      voucherPoolId: (v, values) => (values.kind === "voucher" && !v ? t("validation.required") : null),
      endsAt: (v, values) => (v && values.startsAt && v <= values.startsAt ? t("rewards.form.endsAfterStarts") : null),
      initialStock: (v, values) =>
        !reward && values.kind !== "voucher" && values.stockMode === "global" && !(v !== "" && Number(v) >= 1)
          ? t("rewards.form.initialStockRequired")
          : null,
      limitPeriodDays: (v, values) => ((values.limitPerPeriod === "") !== (v === "") ? t("rewards.form.periodTogether") : null),
    },
  });
  const v = form.getValues();

  // A new reward belongs to the program it was added from (?programId=…), else the only (or first
  // active) program.
  useEffect(() => {
    if (reward || form.getValues().programId || !programs.data?.length) return;
    const first = programs.data.find((p) => p.status === "active") ?? programs.data[0];
    if (first) form.setFieldValue("programId", first.id);
  }, [programs.data, reward, form]);
  const tiers = useTiers(v.programId || null);

  const { onSubmit, saving } = useSaveForm({
    form,
    save: (values: Values) =>
      reward
        ? unwrap(api.PATCH("/api/v1/rewards/{id}", { params: { path: { id: reward.id } }, body: commonBody(values) }))
        : unwrap(
            api.POST("/api/v1/rewards", {
              body: {
                ...commonBody(values),
                programId: values.programId,
                kind: values.kind,
                stockMode: values.kind === "voucher" ? "unlimited" : values.stockMode,
                ...(values.kind !== "voucher" && values.stockMode === "global" ? { initialStock: Number(values.initialStock) } : {}),
              },
            }),
          ),
    invalidate: [queryKeys.rewards.all],
    savedMessage: (saved) => t("rewards.savedMessage", { name: localName(saved, i18n.language) }),
    onSaved: (saved) => {
      if (!reward) navigate(`/rewards/${saved.id}${fromProgram ? `?programId=${encodeURIComponent(fromProgram)}` : ""}`, { replace: true });
      else form.resetDirty();
    },
    mapPath: formPath,
  });

  const addImages = async (files: File[]) => {
    const room = MAX_IMAGES - form.getValues().images.length;
    if (files.length > room) notifyError(t, new Error(t("rewards.form.tooManyImages", { max: MAX_IMAGES })));
    setUploading(true);
    try {
      for (const file of files.slice(0, Math.max(0, room))) {
        const media = await uploadMedia(file);
        form.insertListItem("images", media);
      }
    } catch (err) {
      notifyError(t, err);
    } finally {
      setUploading(false);
    }
  };

  const editing = !!reward;
  const title = reward ? localName(reward, i18n.language) : t("rewards.form.createTitle");
  const back = fromProgram ? `/programs/${fromProgram}?tab=rewards` : "/rewards";

  return (
    <>
      <PageHeader
        title={title}
        description={reward ? undefined : t("rewards.form.createDescription")}
        actions={
          <Group gap="sm">
            <Button component={Link} to={back} variant="default" leftSection={<IconArrowLeft size={18} />}>
              {fromProgram ? t("rewards.backToProgram") : t("rewards.backToCatalog")}
            </Button>
            {reward && reward.stockMode !== "unlimited" && (
              <Button component={Link} to={`/rewards/${reward.id}/stock`} variant="light" leftSection={<IconPackage size={18} />}>
                {t("rewards.stock.open")}
              </Button>
            )}
          </Group>
        }
      />
      {!canWrite && (
        <Alert color="gray" mb="md">
          {t("common.readOnly")}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }} order={{ base: 2, lg: 1 }}>
          <form onSubmit={onSubmit} noValidate>
            <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
              <Stack>
                <Fieldset legend={t("rewards.form.basics")} radius="md">
                  <Stack>
                    {(!editing || (programs.data?.length ?? 0) > 1) && (
                      <Select
                        label={t("rewards.form.program")}
                        withAsterisk
                        allowDeselect={false}
                        disabled={editing}
                        description={editing ? t("rewards.form.fixedAfterCreate") : undefined}
                        data={(programs.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                        {...form.getInputProps("programId")}
                        onChange={(value) => {
                          form.setFieldValue("programId", value ?? "");
                          form.setFieldValue("tierIds", []);
                        }}
                      />
                    )}
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <TextInput label={t("rewards.form.namePl")} withAsterisk maxLength={200} {...form.getInputProps("namePl")} />
                      <TextInput label={t("rewards.form.nameEn")} maxLength={200} {...form.getInputProps("nameEn")} />
                      <Textarea
                        label={t("rewards.form.descriptionPl")}
                        autosize
                        minRows={3}
                        maxRows={8}
                        maxLength={5000}
                        {...form.getInputProps("descriptionPl")}
                      />
                      <Textarea
                        label={t("rewards.form.descriptionEn")}
                        autosize
                        minRows={3}
                        maxRows={8}
                        maxLength={5000}
                        {...form.getInputProps("descriptionEn")}
                      />
                    </SimpleGrid>
                    <TextInput
                      label={t("rewards.form.category")}
                      description={t("rewards.form.categoryHelp")}
                      maxLength={100}
                      {...form.getInputProps("category")}
                    />
                  </Stack>
                </Fieldset>
                <KindFields form={form} editing={editing} />
                <StockFields form={form} reward={reward} />
                <ImagesField form={form} canWrite={canWrite} uploading={uploading} addImages={addImages} />
                <AvailabilityFields form={form} tiers={tiers.data ?? []} />
                {canWrite && (
                  <Group justify="flex-end">
                    <Button component={Link} to={back} variant="default">
                      {t("common.cancel")}
                    </Button>
                    <Button type="submit" loading={saving} disabled={uploading}>
                      {editing ? t("common.save") : t("rewards.form.create")}
                    </Button>
                  </Group>
                )}
              </Stack>
            </fieldset>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }} order={{ base: 1, lg: 2 }}>
          <div style={{ position: "sticky", top: 80 }}>
            <RewardPreview values={v} tierNames={(tiers.data ?? []).filter((x) => v.tierIds.includes(x.id)).map((x) => x.name)} />
          </div>
        </Grid.Col>
      </Grid>
    </>
  );
}
