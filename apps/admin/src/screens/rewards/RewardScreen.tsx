import {
  ActionIcon,
  Alert,
  AspectRatio,
  Badge,
  Box,
  Button,
  Card,
  Center,
  Fieldset,
  FileButton,
  Flex,
  Grid,
  Group,
  Image,
  Loader,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconArrowLeft, IconArrowRight, IconPackage, IconPhoto, IconPhotoPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { api, unwrap, uploadMedia } from "../../api/client";
import { useAllLocations, useCompanyCurrency, usePrograms, useTiers } from "../../api/lookups";
import { useCan } from "../../api/session";
import { ErrorState } from "../../components/ErrorState";
import { notifyError, notifySaved, showFormError } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";
import {
  KindBadge,
  localName,
  REWARD_KINDS,
  type Reward,
  type RewardKind,
  useReward,
  useVoucherPools,
} from "../../components/RewardShared";
import { formatDate, formatMoney, formatNumber, fromLocalInput, moneyInput, parseMoney, toLocalInput } from "../../format";

const MAX_IMAGES = 10;
type Num = number | string;

interface Values {
  programId: string;
  namePl: string;
  nameEn: string;
  descriptionPl: string;
  descriptionEn: string;
  category: string;
  kind: RewardKind;
  couponKind: "percent" | "amount";
  couponValue: Num;
  /** percent coupons: whole percent; amount coupons: money typed as text */
  couponAmount: string;
  couponMinOrder: string;
  productSku: string;
  voucherPoolId: string | null;
  fulfilment: "pickup" | "shipping" | "none";
  pointsPrice: Num;
  images: { id: string; url: string }[];
  stockMode: "unlimited" | "global" | "per_location";
  initialStock: Num;
  lowStockThreshold: Num;
  startsAt: string;
  endsAt: string;
  tierIds: string[];
  locationIds: string[];
  limitPerMember: Num;
  limitPerPeriod: Num;
  limitPeriodDays: Num;
  visibleInPortal: boolean;
  sortOrder: Num;
  active: boolean;
}

const EMPTY: Values = {
  programId: "",
  namePl: "",
  nameEn: "",
  descriptionPl: "",
  descriptionEn: "",
  category: "",
  kind: "physical",
  couponKind: "percent",
  couponValue: "",
  couponAmount: "",
  couponMinOrder: "",
  productSku: "",
  voucherPoolId: null,
  fulfilment: "pickup",
  pointsPrice: "",
  images: [],
  stockMode: "unlimited",
  initialStock: 0,
  lowStockThreshold: "",
  startsAt: "",
  endsAt: "",
  tierIds: [],
  locationIds: [],
  limitPerMember: "",
  limitPerPeriod: "",
  limitPeriodDays: "",
  visibleInPortal: true,
  sortOrder: 0,
  active: true,
};

function toValues(r: Reward): Values {
  return {
    programId: r.programId,
    namePl: r.namePl,
    nameEn: r.nameEn,
    descriptionPl: r.descriptionPl,
    descriptionEn: r.descriptionEn,
    category: r.category,
    kind: r.kind,
    couponKind: r.couponKind ?? "percent",
    couponValue: r.couponKind === "percent" ? (r.couponValue ?? "") : "",
    couponAmount: r.couponKind === "amount" && r.couponValue ? moneyInput(r.couponValue) : "",
    couponMinOrder: r.couponMinOrderMinor ? moneyInput(r.couponMinOrderMinor) : "",
    productSku: r.productSku ?? "",
    voucherPoolId: r.voucherPoolId,
    fulfilment: r.fulfilment,
    pointsPrice: r.pointsPrice,
    images: r.imageMediaIds.map((id, i) => ({ id, url: r.imageUrls[i] ?? "" })),
    stockMode: r.stockMode,
    initialStock: 0,
    lowStockThreshold: r.lowStockThreshold ?? "",
    startsAt: toLocalInput(r.startsAt),
    endsAt: toLocalInput(r.endsAt),
    tierIds: r.tierIds,
    locationIds: r.locationIds,
    limitPerMember: r.limitPerMember ?? "",
    limitPerPeriod: r.limitPerPeriod ?? "",
    limitPeriodDays: r.limitPeriodDays ?? "",
    visibleInPortal: r.visibleInPortal,
    sortOrder: r.sortOrder,
    active: r.active,
  };
}

const intOrNull = (v: Num): number | null => (v === "" || v === null ? null : Number(v));

/** The fields both create and update accept. */
function commonBody(v: Values) {
  const coupon = v.kind === "coupon";
  return {
    namePl: v.namePl.trim(),
    nameEn: v.nameEn.trim(),
    descriptionPl: v.descriptionPl.trim(),
    descriptionEn: v.descriptionEn.trim(),
    imageMediaIds: v.images.map((i) => i.id),
    category: v.category.trim(),
    pointsPrice: Number(v.pointsPrice),
    fulfilment: v.kind === "physical" ? v.fulfilment : "none",
    couponKind: coupon ? v.couponKind : null,
    couponValue: !coupon ? null : v.couponKind === "percent" ? intOrNull(v.couponValue) : parseMoney(v.couponAmount),
    couponMinOrderMinor: coupon && v.couponMinOrder.trim() ? parseMoney(v.couponMinOrder) : null,
    productSku: v.kind === "free_product" ? v.productSku.trim() || null : null,
    voucherPoolId: v.kind === "voucher" ? v.voucherPoolId : null,
    lowStockThreshold: v.stockMode === "unlimited" ? null : intOrNull(v.lowStockThreshold),
    startsAt: fromLocalInput(v.startsAt),
    endsAt: fromLocalInput(v.endsAt),
    tierIds: v.tierIds,
    locationIds: v.locationIds,
    limitPerMember: intOrNull(v.limitPerMember),
    limitPerPeriod: intOrNull(v.limitPerPeriod),
    limitPeriodDays: intOrNull(v.limitPeriodDays),
    visibleInPortal: v.visibleInPortal,
    sortOrder: Number(v.sortOrder) || 0,
    active: v.active,
  };
}

/** Server field names -> the inputs of this form. */
function formPath(path: string): string {
  if (path === "couponMinOrderMinor") return "couponMinOrder";
  if (path === "imageMediaIds") return "images";
  return path;
}

/** Create (route /rewards/new) or edit (route /rewards/:id) a reward, with a live preview. */
export function RewardScreen() {
  const { id } = useParams();
  const reward = useReward(id);
  if (id && reward.isError) return <ErrorState error={reward.error} onRetry={() => void reward.refetch()} />;
  if (id && reward.isPending)
    return (
      <Group justify="center" p="xl">
        <Loader />
      </Group>
    );
  return <RewardEditor key={id ?? "new"} reward={id ? reward.data : undefined} />;
}

function RewardEditor({ reward }: { reward: Reward | undefined }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCan("rewards.write");
  const programs = usePrograms();
  const locations = useAllLocations();
  const pools = useVoucherPools();
  const currency = useCompanyCurrency();
  const [uploading, setUploading] = useState(false);

  const form = useForm<Values>({
    mode: "controlled",
    initialValues: reward ? toValues(reward) : EMPTY,
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
      limitPeriodDays: (v, values) => ((values.limitPerPeriod === "") !== (v === "") ? t("rewards.form.periodTogether") : null),
    },
  });
  const v = form.getValues();

  // A new reward belongs to the only (or first active) program by default.
  useEffect(() => {
    if (reward || form.getValues().programId || !programs.data?.length) return;
    const first = programs.data.find((p) => p.status === "active") ?? programs.data[0];
    if (first) form.setFieldValue("programId", first.id);
  }, [programs.data, reward, form]);
  const tiers = useTiers(v.programId || null);

  const save = useMutation({
    mutationFn: (values: Values) =>
      reward
        ? unwrap(api.PATCH("/api/v1/rewards/{id}", { params: { path: { id: reward.id } }, body: commonBody(values) }))
        : unwrap(
            api.POST("/api/v1/rewards", {
              body: {
                ...commonBody(values),
                programId: values.programId,
                kind: values.kind,
                stockMode: values.stockMode,
                initialStock: values.stockMode === "global" ? Number(values.initialStock) || 0 : 0,
              },
            }),
          ),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ["rewards"] });
      notifySaved(t, t("rewards.savedMessage", { name: localName(saved, i18n.language) }));
      if (!reward) navigate(`/rewards/${saved.id}`, { replace: true });
      else form.resetDirty();
    },
    onError: (err) => showFormError(t, form, err, formPath),
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

  const poolOptions = (pools.data ?? []).map((p) => ({
    value: p.id,
    label: `${p.name} (${t("rewards.pools.availableCount", { count: p.counts.available, formatted: formatNumber(p.counts.available) })})`,
  }));
  const editing = !!reward;
  const title = reward ? localName(reward, i18n.language) : t("rewards.form.createTitle");

  return (
    <>
      <PageHeader
        title={title}
        description={reward ? undefined : t("rewards.form.createDescription")}
        actions={
          <Group gap="sm">
            <Button component={Link} to="/rewards" variant="default" leftSection={<IconArrowLeft size={18} />}>
              {t("rewards.backToCatalog")}
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
          <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
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

                <Fieldset legend={t("rewards.form.kindSection")} radius="md">
                  <Stack>
                    <Select
                      label={t("rewards.kind")}
                      withAsterisk
                      allowDeselect={false}
                      disabled={editing}
                      description={editing ? t("rewards.form.fixedAfterCreate") : t(`rewards.kindHelp.${v.kind}`)}
                      data={REWARD_KINDS.map((k) => ({ value: k, label: t(`rewards.kinds.${k}`) }))}
                      {...form.getInputProps("kind")}
                    />
                    {v.kind === "coupon" && (
                      <SimpleGrid cols={{ base: 1, sm: 3 }}>
                        <Select
                          label={t("rewards.form.couponKind")}
                          allowDeselect={false}
                          data={[
                            { value: "percent", label: t("rewards.form.couponPercent") },
                            { value: "amount", label: t("rewards.form.couponAmount") },
                          ]}
                          {...form.getInputProps("couponKind")}
                        />
                        {v.couponKind === "percent" ? (
                          <NumberInput
                            label={t("rewards.form.couponValuePercent")}
                            withAsterisk
                            min={1}
                            max={100}
                            allowDecimal={false}
                            suffix=" %"
                            {...form.getInputProps("couponValue")}
                          />
                        ) : (
                          <TextInput
                            label={t("rewards.form.couponValueAmount", { currency })}
                            withAsterisk
                            inputMode="decimal"
                            placeholder="0,00"
                            {...form.getInputProps("couponAmount")}
                          />
                        )}
                        <TextInput
                          label={t("rewards.form.couponMinOrder", { currency })}
                          inputMode="decimal"
                          placeholder={t("rewards.form.none")}
                          {...form.getInputProps("couponMinOrder")}
                        />
                      </SimpleGrid>
                    )}
                    {v.kind === "free_product" && (
                      <TextInput label={t("rewards.form.productSku")} withAsterisk maxLength={100} {...form.getInputProps("productSku")} />
                    )}
                    {v.kind === "voucher" && (
                      <Select
                        label={t("rewards.form.voucherPool")}
                        withAsterisk
                        data={poolOptions}
                        placeholder={pools.data?.length === 0 ? t("rewards.form.noPools") : undefined}
                        description={
                          <Text component={Link} to="/voucher-pools" size="xs" c="indigo.8">
                            {t("rewards.form.managePools")}
                          </Text>
                        }
                        {...form.getInputProps("voucherPoolId")}
                      />
                    )}
                    {v.kind === "physical" && (
                      <Select
                        label={t("rewards.form.fulfilment")}
                        allowDeselect={false}
                        data={(["pickup", "shipping", "none"] as const).map((f) => ({ value: f, label: t(`rewards.fulfilments.${f}`) }))}
                        {...form.getInputProps("fulfilment")}
                      />
                    )}
                  </Stack>
                </Fieldset>

                <Fieldset legend={t("rewards.form.priceAndStock")} radius="md">
                  <Stack>
                    <NumberInput
                      label={t("rewards.form.pointsPrice")}
                      withAsterisk
                      min={1}
                      allowDecimal={false}
                      thousandSeparator=" "
                      maw={260}
                      {...form.getInputProps("pointsPrice")}
                    />
                    <div>
                      <Text size="sm" fw={500} mb={4} id="stock-mode-label">
                        {t("rewards.form.stockMode")}
                      </Text>
                      <SegmentedControl
                        aria-labelledby="stock-mode-label"
                        disabled={editing}
                        fullWidth
                        data={(["unlimited", "global", "per_location"] as const).map((m) => ({
                          value: m,
                          label: t(`rewards.stockModes.${m}`),
                        }))}
                        {...form.getInputProps("stockMode")}
                      />
                      <Text size="xs" c="dimmed" mt={4}>
                        {editing ? t("rewards.form.stockModeFixed") : t(`rewards.stockModeHelp.${v.stockMode}`)}
                      </Text>
                    </div>
                    {v.stockMode !== "unlimited" && (
                      <SimpleGrid cols={{ base: 1, sm: 2 }}>
                        {!editing && v.stockMode === "global" && (
                          <NumberInput
                            label={t("rewards.form.initialStock")}
                            min={0}
                            allowDecimal={false}
                            {...form.getInputProps("initialStock")}
                          />
                        )}
                        <NumberInput
                          label={t("rewards.form.lowStockThreshold")}
                          description={t("rewards.form.lowStockHelp")}
                          min={0}
                          allowDecimal={false}
                          {...form.getInputProps("lowStockThreshold")}
                        />
                      </SimpleGrid>
                    )}
                  </Stack>
                </Fieldset>

                <Fieldset legend={t("rewards.form.images")} radius="md">
                  <Stack gap="sm">
                    <Text size="xs" c="dimmed">
                      {t("rewards.form.imagesHelp", { max: MAX_IMAGES })}
                    </Text>
                    {v.images.length > 0 && (
                      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
                        {v.images.map((img, index) => (
                          <Card key={img.id} withBorder p={6} radius="md">
                            <AspectRatio ratio={1}>
                              <Image src={img.url} alt={t("rewards.form.imageN", { n: index + 1 })} radius="sm" fit="cover" />
                            </AspectRatio>
                            <Group justify="space-between" gap={0} mt={4} wrap="nowrap">
                              <ActionIcon
                                aria-label={t("rewards.form.moveImageLeft", { n: index + 1 })}
                                disabled={index === 0}
                                onClick={() => form.reorderListItem("images", { from: index, to: index - 1 })}
                              >
                                <IconArrowLeft size={18} />
                              </ActionIcon>
                              {index === 0 && (
                                <Badge size="xs" variant="light">
                                  {t("rewards.form.mainImage")}
                                </Badge>
                              )}
                              <ActionIcon
                                color="red"
                                aria-label={t("rewards.form.removeImage", { n: index + 1 })}
                                onClick={() => form.removeListItem("images", index)}
                              >
                                <IconTrash size={18} />
                              </ActionIcon>
                              <ActionIcon
                                aria-label={t("rewards.form.moveImageRight", { n: index + 1 })}
                                disabled={index === v.images.length - 1}
                                onClick={() => form.reorderListItem("images", { from: index, to: index + 1 })}
                              >
                                <IconArrowRight size={18} />
                              </ActionIcon>
                            </Group>
                          </Card>
                        ))}
                      </SimpleGrid>
                    )}
                    {form.errors.images && (
                      <Text size="sm" c="red">
                        {form.errors.images}
                      </Text>
                    )}
                    <FileButton onChange={(files) => void addImages(files)} accept="image/png,image/jpeg,image/webp,image/gif" multiple>
                      {(props) => (
                        <Button
                          {...props}
                          variant="light"
                          w="fit-content"
                          leftSection={<IconPhotoPlus size={18} />}
                          loading={uploading}
                          disabled={!canWrite || v.images.length >= MAX_IMAGES}
                        >
                          {t("rewards.form.addImages")}
                        </Button>
                      )}
                    </FileButton>
                  </Stack>
                </Fieldset>

                <Fieldset legend={t("rewards.form.availability")} radius="md">
                  <Stack>
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <TextInput type="datetime-local" label={t("rewards.form.startsAt")} {...form.getInputProps("startsAt")} />
                      <TextInput type="datetime-local" label={t("rewards.form.endsAt")} {...form.getInputProps("endsAt")} />
                    </SimpleGrid>
                    <MultiSelect
                      label={t("rewards.form.tiers")}
                      description={t("rewards.form.tiersHelp")}
                      placeholder={v.tierIds.length ? undefined : t("rewards.form.allTiers")}
                      data={(tiers.data ?? []).map((tier) => ({ value: tier.id, label: tier.name }))}
                      clearable
                      {...form.getInputProps("tierIds")}
                    />
                    <MultiSelect
                      label={t("rewards.form.locations")}
                      description={t("rewards.form.locationsHelp")}
                      placeholder={v.locationIds.length ? undefined : t("rewards.form.allLocations")}
                      data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
                      clearable
                      searchable
                      {...form.getInputProps("locationIds")}
                    />
                    <SimpleGrid cols={{ base: 1, sm: 3 }}>
                      <NumberInput
                        label={t("rewards.form.limitPerMember")}
                        placeholder={t("rewards.form.noLimit")}
                        min={1}
                        allowDecimal={false}
                        {...form.getInputProps("limitPerMember")}
                      />
                      <NumberInput
                        label={t("rewards.form.limitPerPeriod")}
                        placeholder={t("rewards.form.noLimit")}
                        min={1}
                        allowDecimal={false}
                        {...form.getInputProps("limitPerPeriod")}
                      />
                      <NumberInput
                        label={t("rewards.form.limitPeriodDays")}
                        placeholder={t("rewards.form.noLimit")}
                        min={1}
                        max={3650}
                        allowDecimal={false}
                        {...form.getInputProps("limitPeriodDays")}
                      />
                    </SimpleGrid>
                    <Group gap="xl" align="flex-end" wrap="wrap">
                      <NumberInput
                        label={t("rewards.form.sortOrder")}
                        description={t("rewards.form.sortOrderHelp")}
                        allowDecimal={false}
                        w={200}
                        {...form.getInputProps("sortOrder")}
                      />
                      <Stack gap="sm">
                        <Switch
                          label={t("rewards.form.visibleInPortal")}
                          {...form.getInputProps("visibleInPortal", { type: "checkbox" })}
                        />
                        <Switch label={t("rewards.form.active")} {...form.getInputProps("active", { type: "checkbox" })} />
                      </Stack>
                    </Group>
                  </Stack>
                </Fieldset>

                {canWrite && (
                  <Group justify="flex-end">
                    <Button component={Link} to="/rewards" variant="default">
                      {t("common.cancel")}
                    </Button>
                    <Button type="submit" loading={save.isPending} disabled={uploading}>
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

/** The reward as a member would see it in the portal. */
function RewardPreview({ values: v, tierNames }: { values: Values; tierNames: string[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const name = (en ? v.nameEn : v.namePl) || v.namePl || v.nameEn || t("rewards.preview.untitled");
  const description = (en ? v.descriptionEn : v.descriptionPl) || v.descriptionPl;
  const price = Number(v.pointsPrice) || 0;
  const availability: string[] = [];
  if (v.startsAt) availability.push(t("rewards.preview.from", { date: formatDate(fromLocalInput(v.startsAt)) }));
  if (v.endsAt) availability.push(t("rewards.preview.until", { date: formatDate(fromLocalInput(v.endsAt)) }));
  if (tierNames.length) availability.push(t("rewards.preview.tiers", { tiers: tierNames.join(", ") }));
  if (v.limitPerMember !== "") availability.push(t("rewards.preview.limitTotal", { count: Number(v.limitPerMember) }));
  if (v.limitPerPeriod !== "" && v.limitPeriodDays !== "")
    availability.push(t("rewards.preview.limitPeriod", { count: Number(v.limitPerPeriod), days: Number(v.limitPeriodDays) }));
  const couponLine =
    v.kind === "coupon"
      ? v.couponKind === "percent"
        ? v.couponValue !== ""
          ? t("rewards.preview.percentOff", { value: v.couponValue })
          : ""
        : parseMoney(v.couponAmount)
          ? t("rewards.preview.amountOff", { value: formatMoney(parseMoney(v.couponAmount) ?? 0) })
          : ""
      : "";
  return (
    <Card withBorder radius="lg" p={0} data-testid="reward-preview" aria-label={t("rewards.preview.title")}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" px="md" pt="sm" pb={6}>
        {t("rewards.preview.title")}
      </Text>
      <Flex direction={{ base: "row", lg: "column" }}>
        <Box w={{ base: 180, lg: "100%" }} style={{ flexShrink: 0 }}>
          <AspectRatio ratio={16 / 10}>
            {v.images[0] ? (
              <Image src={v.images[0].url} alt="" fit="cover" />
            ) : (
              <Center bg="gray.1" c="gray.5" aria-hidden>
                <IconPhoto size={48} />
              </Center>
            )}
          </AspectRatio>
        </Box>
        <Stack gap={6} p="md" style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Title order={3} size="h4" style={{ overflowWrap: "anywhere" }}>
              {name}
            </Title>
            <KindBadge kind={v.kind} />
          </Group>
          {couponLine && (
            <Text fw={700} c="orange.8">
              {couponLine}
            </Text>
          )}
          {description && (
            <Text size="sm" c="dimmed" lineClamp={4} style={{ whiteSpace: "pre-wrap" }}>
              {description}
            </Text>
          )}
          <Text fz={24} fw={800} c="indigo.8">
            {t("rewards.pointsPrice", { points: formatNumber(price) })}
          </Text>
          {availability.map((line) => (
            <Text key={line} size="xs" c="dimmed">
              {line}
            </Text>
          ))}
          {!v.active && (
            <Badge color="gray" variant="light" w="fit-content">
              {t("rewards.inactive")}
            </Badge>
          )}
          {!v.visibleInPortal && (
            <Text size="xs" c="orange.8">
              {t("rewards.preview.hiddenInPortal")}
            </Text>
          )}
        </Stack>
      </Flex>
    </Card>
  );
}
