import { MultiSelect, PasswordInput, Select, Switch, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useAllLocations, useConsents, usePrograms } from "../../../api/lookups";
import type { ShopConnection, ShopPlatform } from "../../../api/shops";

export interface ShopValues {
  platform: ShopPlatform;
  name: string;
  programId: string | null;
  locationId: string | null;
  shopDomain: string;
  consentIds: string[];
  createMembers: boolean;
  acceptTestOrders: boolean;
  /** Shopify: the app's client secret (required when connecting; on edit, empty keeps it). */
  secret: string;
}

export function shopValues(shop: ShopConnection | null, platform: ShopPlatform = "woocommerce"): ShopValues {
  return {
    platform: shop?.platform ?? platform,
    name: shop?.name ?? "",
    programId: shop?.programId ?? null,
    locationId: shop?.locationId ?? null,
    shopDomain: shop?.shopDomain ?? "",
    consentIds: shop?.consentIds ?? [],
    createMembers: shop?.options.createMembers ?? true,
    acceptTestOrders: shop?.options.acceptTestOrders ?? false,
    secret: "",
  };
}

export function shopValidation(t: TFunction, editing: boolean) {
  return {
    name: (v: string) => (v.trim() ? null : t("validation.required")),
    programId: (v: string | null) => (v ? null : t("validation.required")),
    secret: (v: string, values: ShopValues) => (values.platform === "shopify" && !editing && !v.trim() ? t("validation.required") : null),
  };
}

/** What the API receives (the secret only when typed; a domain only when given). */
export function shopBody(v: ShopValues) {
  return {
    name: v.name.trim(),
    programId: v.programId ?? "",
    locationId: v.locationId,
    shopDomain: v.shopDomain.trim() || null,
    consentIds: v.consentIds,
    options: { createMembers: v.createMembers, acceptTestOrders: v.acceptTestOrders },
    ...(v.secret.trim() ? { secret: v.secret.trim() } : {}),
  };
}

/** The connection's settings: its name, the program purchases earn in, the location, consents, and Shopify's secret. */
export function ShopFields({ form, editing }: { form: UseFormReturnType<ShopValues>; editing: boolean }) {
  const { t } = useTranslation();
  const programs = usePrograms();
  const locations = useAllLocations();
  const consents = useConsents();
  const platform = form.values.platform;
  return (
    <>
      <TextInput
        label={t("integrations.shops.form.name")}
        description={t("integrations.shops.form.nameHelp")}
        withAsterisk
        data-autofocus
        {...form.getInputProps("name")}
      />
      <Select
        label={t("integrations.shops.form.program")}
        description={t("integrations.shops.form.programHelp")}
        withAsterisk
        allowDeselect={false}
        data={(programs.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        {...form.getInputProps("programId")}
      />
      <Select
        label={t("integrations.shops.form.location")}
        description={t("integrations.shops.form.locationHelp")}
        placeholder={t("integrations.shops.form.noLocation")}
        clearable
        data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
        {...form.getInputProps("locationId")}
      />
      {platform !== "generic" && (
        <TextInput
          label={t("integrations.shops.form.shopDomain")}
          description={t(`integrations.shops.form.shopDomainHelp.${platform}`)}
          placeholder={platform === "shopify" ? "my-shop.myshopify.com" : "sklep.example.com"}
          {...form.getInputProps("shopDomain")}
        />
      )}
      <MultiSelect
        label={t("integrations.shops.form.consents")}
        description={t("integrations.shops.form.consentsHelp")}
        placeholder={form.values.consentIds.length ? undefined : t("integrations.shops.form.noConsents")}
        data={(consents.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        clearable
        {...form.getInputProps("consentIds")}
      />
      <Switch
        label={t("integrations.shops.form.createMembers")}
        description={t("integrations.shops.form.createMembersHelp")}
        {...form.getInputProps("createMembers", { type: "checkbox" })}
      />
      <Switch
        label={t("integrations.shops.form.acceptTestOrders")}
        description={t("integrations.shops.form.acceptTestOrdersHelp")}
        {...form.getInputProps("acceptTestOrders", { type: "checkbox" })}
      />
      {platform === "shopify" && (
        <PasswordInput
          label={t("integrations.shops.form.shopifySecret")}
          description={editing ? t("integrations.shops.form.shopifySecretEditHelp") : t("integrations.shops.form.shopifySecretHelp")}
          withAsterisk={!editing}
          autoComplete="off"
          {...form.getInputProps("secret")}
        />
      )}
    </>
  );
}
