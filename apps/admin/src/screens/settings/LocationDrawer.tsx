import { ActionIcon, Button, Fieldset, Grid, Group, NumberInput, Select, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { randomId } from "@mantine/hooks";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, type Location, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { AddressFields } from "../../components/AddressFields";
import { EntityDrawer, useSaveForm } from "../../components/EntityDrawer";
import { TIME_RE } from "../../components/feedback";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Weekday = (typeof WEEKDAYS)[number];

interface Values {
  name: string;
  address: { street: string; postalCode: string; city: string; country: string };
  phone: string;
  coordinates: { latitude: number | string; longitude: number | string };
  /** `key` only identifies the row in the form. */
  openingHours: { key: string; day: Weekday; opens: string; closes: string }[];
  active: boolean;
}

const EMPTY: Values = {
  name: "",
  address: { street: "", postalCode: "", city: "", country: "PL" },
  phone: "",
  coordinates: { latitude: "", longitude: "" },
  openingHours: [],
  active: true,
};

function toValues(l: Location): Values {
  return {
    name: l.name,
    address: { ...l.address },
    phone: l.phone ?? "",
    coordinates: { latitude: l.coordinates?.latitude ?? "", longitude: l.coordinates?.longitude ?? "" },
    openingHours: l.openingHours.map((h) => ({ ...h, key: randomId() })),
    active: l.active,
  };
}

function toBody(v: Values) {
  const { latitude, longitude } = v.coordinates;
  const hasCoordinates = latitude !== "" && longitude !== "";
  return {
    name: v.name.trim(),
    address: { ...v.address, country: v.address.country.trim().toUpperCase() },
    phone: v.phone.trim() || null,
    coordinates: hasCoordinates ? { latitude: Number(latitude), longitude: Number(longitude) } : null,
    openingHours: v.openingHours.map(({ day, opens, closes }) => ({ day, opens, closes })),
    active: v.active,
  };
}

const PHONE_RE = /^\+?[0-9 ()-]{5,20}$/;

function inRange(value: number | string, min: number, max: number): boolean {
  const n = Number(value);
  return Number.isFinite(n) && n >= min && n <= max;
}

/** Create or edit a location. `location` undefined = closed, null = new. */
export function LocationDrawer({ location, onClose }: { location: Location | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useForm<Values>({
    initialValues: EMPTY,
    validate: {
      name: (v) => (v.trim() ? null : t("validation.required")),
      address: {
        country: (v) => (/^[A-Za-z]{2}$/.test(v.trim()) ? null : t("validation.country")),
      },
      phone: (v) => (!v.trim() || PHONE_RE.test(v.trim()) ? null : t("validation.phone")),
      coordinates: {
        latitude: (v, values) => {
          if (v === "") return values.coordinates.longitude === "" ? null : t("validation.required");
          return inRange(v, -90, 90) ? null : t("validation.latitude");
        },
        longitude: (v, values) => {
          if (v === "") return values.coordinates.latitude === "" ? null : t("validation.required");
          return inRange(v, -180, 180) ? null : t("validation.longitude");
        },
      },
      openingHours: {
        opens: (v) => (TIME_RE.test(v) ? null : t("validation.time")),
        closes: (v, values, path) => {
          if (!TIME_RE.test(v)) return t("validation.time");
          const index = Number(path.split(".")[1]);
          const opens = values.openingHours[index]?.opens ?? "";
          return TIME_RE.test(opens) && opens >= v ? t("validation.closesAfterOpens") : null;
        },
      },
    },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when another location is opened
  useEffect(() => {
    if (location === undefined) return;
    const values = location ? toValues(location) : EMPTY;
    form.setValues(values);
    form.resetDirty(values);
    form.clearErrors();
  }, [location]);

  const { onSubmit, saving } = useSaveForm({
    form,
    save: (v) =>
      location
        ? unwrap(api.PATCH("/api/v1/locations/{id}", { params: { path: { id: location.id } }, body: toBody(v) }))
        : unwrap(api.POST("/api/v1/locations", { body: toBody(v) })),
    invalidate: [queryKeys.locations.all],
    savedMessage: (saved) => t("locations.savedMessage", { name: saved.name }),
    onSaved: onClose,
  });

  const days = WEEKDAYS.map((d) => ({ value: d, label: t(`weekdays.${d}`) }));
  const addHours = () => {
    const used = new Set(form.getValues().openingHours.map((h) => h.day));
    const day = WEEKDAYS.find((d) => !used.has(d)) ?? "mon";
    form.insertListItem("openingHours", { key: randomId(), day, opens: "09:00", closes: "17:00" });
  };
  const fillWeekdays = () => {
    form.setFieldValue(
      "openingHours",
      WEEKDAYS.slice(0, 5).map((day) => ({ key: randomId(), day, opens: "09:00", closes: "17:00" })),
    );
  };

  return (
    <EntityDrawer
      opened={location !== undefined}
      onClose={onClose}
      size="xl"
      title={location ? t("locations.editTitle") : t("locations.createTitle")}
      onSubmit={onSubmit}
      saving={saving}
    >
      <TextInput label={t("locations.name")} withAsterisk data-autofocus {...form.getInputProps("name")} />
      <AddressFields legend={t("locations.address")} inputProps={(part) => form.getInputProps(`address.${part}`)} />
      <TextInput label={t("locations.phone")} type="tel" placeholder="+48 22 123 45 67" {...form.getInputProps("phone")} />
      <Fieldset legend={t("locations.coordinates")} radius="md">
        <Text size="xs" c="dimmed" mb="xs">
          {t("locations.coordinatesHelp")}
        </Text>
        <Grid>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <NumberInput
              label={t("locations.latitude")}
              min={-90}
              max={90}
              clampBehavior="none"
              decimalScale={6}
              {...form.getInputProps("coordinates.latitude")}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <NumberInput
              label={t("locations.longitude")}
              min={-180}
              max={180}
              clampBehavior="none"
              decimalScale={6}
              {...form.getInputProps("coordinates.longitude")}
            />
          </Grid.Col>
        </Grid>
      </Fieldset>
      <Fieldset legend={t("locations.openingHours")} radius="md">
        <Stack gap="xs">
          {form.getValues().openingHours.length === 0 && (
            <Text size="sm" c="dimmed">
              {t("locations.noHours")}
            </Text>
          )}
          {form.getValues().openingHours.map((entry, index) => (
            <Group key={entry.key} align="flex-start" wrap="nowrap" gap="xs">
              <Select
                label={t("locations.day")}
                data={days}
                allowDeselect={false}
                style={{ flex: 2 }}
                {...form.getInputProps(`openingHours.${index}.day`)}
              />
              <TextInput
                label={t("locations.opens")}
                placeholder="09:00"
                inputMode="numeric"
                maxLength={5}
                style={{ flex: 1 }}
                {...form.getInputProps(`openingHours.${index}.opens`)}
              />
              <TextInput
                label={t("locations.closes")}
                placeholder="17:00"
                inputMode="numeric"
                maxLength={5}
                style={{ flex: 1 }}
                {...form.getInputProps(`openingHours.${index}.closes`)}
              />
              <ActionIcon
                color="red"
                mt={28}
                aria-label={t("locations.removeHours", { day: t(`weekdays.${entry.day}`) })}
                onClick={() => form.removeListItem("openingHours", index)}
              >
                <IconTrash size={18} />
              </ActionIcon>
            </Group>
          ))}
          <Group gap="xs">
            <Button
              variant="light"
              leftSection={<IconPlus size={16} />}
              onClick={addHours}
              disabled={form.getValues().openingHours.length >= 21}
            >
              {t("locations.addHours")}
            </Button>
            <Button variant="subtle" onClick={fillWeekdays}>
              {t("locations.fillWeekdays")}
            </Button>
          </Group>
        </Stack>
      </Fieldset>
      <Switch
        label={t("locations.activeLabel")}
        description={t("locations.activeHelp")}
        {...form.getInputProps("active", { type: "checkbox" })}
      />
    </EntityDrawer>
  );
}
