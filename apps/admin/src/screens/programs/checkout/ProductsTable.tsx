import { ActionIcon, Button, Group, NumberInput, Switch, Table, Text, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { type CheckoutValues, rowKey } from "./checkout-form";

/** Products for points as an editable table: SKU, name, points per item, active; rows added and removed in place. */
export function ProductsTable({ form, disabled }: { form: UseFormReturnType<CheckoutValues>; disabled: boolean }) {
  const { t } = useTranslation();
  const rows = form.getValues().products;
  return (
    <>
      <Text size="sm" c="dimmed">
        {t("checkout.products.help")}
      </Text>
      {rows.length === 0 ? (
        <Text size="sm">{t("checkout.products.empty")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table aria-label={t("checkout.products.label")} verticalSpacing="xs" data-testid="checkout-products">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("checkout.products.sku")}</Table.Th>
                <Table.Th>{t("checkout.products.name")}</Table.Th>
                <Table.Th w={150}>{t("checkout.products.points")}</Table.Th>
                <Table.Th w={80}>{t("checkout.products.active")}</Table.Th>
                <Table.Th w={48} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, i) => (
                <Table.Tr key={row.key}>
                  <Table.Td style={{ verticalAlign: "top" }}>
                    <TextInput aria-label={`${t("checkout.products.sku")} ${i + 1}`} {...form.getInputProps(`products.${i}.sku`)} />
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: "top" }}>
                    <TextInput aria-label={`${t("checkout.products.name")} ${i + 1}`} {...form.getInputProps(`products.${i}.name`)} />
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: "top" }}>
                    <NumberInput
                      aria-label={`${t("checkout.products.points")} ${i + 1}`}
                      min={1}
                      allowDecimal={false}
                      {...form.getInputProps(`products.${i}.points`)}
                    />
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: "top", paddingTop: 14 }}>
                    <Switch
                      aria-label={`${t("checkout.products.active")} ${i + 1}`}
                      {...form.getInputProps(`products.${i}.active`, { type: "checkbox" })}
                    />
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: "top" }}>
                    {!disabled && (
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size="lg"
                        aria-label={t("checkout.products.remove", { n: i + 1 })}
                        onClick={() => form.removeListItem("products", i)}
                      >
                        <IconTrash size={18} />
                      </ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!disabled && (
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={18} />}
            onClick={() => form.insertListItem("products", { key: rowKey(), sku: "", name: "", points: 1, active: true })}
          >
            {t("checkout.products.add")}
          </Button>
        </Group>
      )}
    </>
  );
}
