import { Fieldset, Grid, TextInput } from "@mantine/core";
import type { GetInputPropsReturnType } from "@mantine/form";
import { useTranslation } from "react-i18next";

type AddressPart = "street" | "postalCode" | "city" | "country";

/** Street, postal code, city and country: the address of a member or a location. */
export function AddressFields({ legend, inputProps }: { legend: string; inputProps: (part: AddressPart) => GetInputPropsReturnType }) {
  const { t } = useTranslation();
  return (
    <Fieldset legend={legend} radius="md">
      <Grid>
        <Grid.Col span={12}>
          <TextInput label={t("locations.street")} {...inputProps("street")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <TextInput label={t("locations.postalCode")} {...inputProps("postalCode")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 5 }}>
          <TextInput label={t("locations.city")} {...inputProps("city")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 3 }}>
          <TextInput label={t("locations.country")} maxLength={2} {...inputProps("country")} />
        </Grid.Col>
      </Grid>
    </Fieldset>
  );
}
