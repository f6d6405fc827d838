import { ActionIcon, Alert, Button, Group, Input, Stack, Text, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconInfoCircle, IconPlus, IconTrash } from "@tabler/icons-react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { isPlainHttp, MAX_ORIGINS, ORIGIN_EXAMPLE, originOf, type WidgetFormValues } from "./widget-form";

/**
 * The sites allowed to show the widget, one origin a row. A row is checked when it loses focus
 * (the API's rule: a bare http(s) origin) and the API's errors for `allowedOrigins.<i>` land on it.
 */
export function OriginsField({ form, disabled }: { form: UseFormReturnType<WidgetFormValues>; disabled: boolean }) {
  const { t } = useTranslation();
  const lastInput = useRef<HTMLInputElement>(null);
  const origins = form.getValues().allowedOrigins;
  const add = () => {
    form.insertListItem("allowedOrigins", "");
    // The new row is rendered on the next frame: focus it so the person can type at once.
    requestAnimationFrame(() => lastInput.current?.focus());
  };
  // On leaving a row it shows what will be stored ("https://Shop.example.com/" -> "https://shop.example.com") or what is wrong.
  const tidy = (index: number) => {
    const text = form.getValues().allowedOrigins[index] ?? "";
    form.setFieldValue(`allowedOrigins.${index}`, originOf(text) ?? text.trim());
    form.validateField(`allowedOrigins.${index}`);
  };
  const anyPlainHttp = origins.some((o) => isPlainHttp(originOf(o) ?? ""));

  return (
    <Input.Wrapper
      label={t("widget.origins")}
      description={t("widget.originsHelp")}
      error={form.errors.allowedOrigins}
      inputWrapperOrder={["label", "description", "input", "error"]}
    >
      <Stack gap="xs" mt="xs">
        {origins.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="widget-no-origins">
            {t("widget.noOrigins")}
          </Text>
        )}
        {origins.map((_, index) => (
          <Group
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are plain strings; the index is their identity in the form and in the API's error paths
            key={index}
            align="flex-start"
            wrap="nowrap"
            gap="xs"
          >
            <TextInput
              ref={index === origins.length - 1 ? lastInput : undefined}
              aria-label={t("widget.originLabel", { n: index + 1 })}
              placeholder={ORIGIN_EXAMPLE}
              inputMode="url"
              autoCapitalize="off"
              autoCorrect="off"
              spellCheck={false}
              style={{ flex: 1, minWidth: 0 }}
              disabled={disabled}
              {...form.getInputProps(`allowedOrigins.${index}`)}
              onBlur={() => tidy(index)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size={42}
              disabled={disabled}
              aria-label={t("widget.removeOrigin", { origin: origins[index] || t("widget.originLabel", { n: index + 1 }) })}
              onClick={() => form.removeListItem("allowedOrigins", index)}
            >
              <IconTrash size={18} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={add} disabled={disabled || origins.length >= MAX_ORIGINS}>
            {t("widget.addOrigin")}
          </Button>
        </Group>
        {anyPlainHttp && (
          <Alert color="yellow" icon={<IconInfoCircle />} p="xs">
            <Text size="sm">{t("widget.httpWarning")}</Text>
          </Alert>
        )}
      </Stack>
    </Input.Wrapper>
  );
}
