import { ColorInput, Grid, Input, SegmentedControl, Stack, Tabs, Textarea, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { WIDGET_LANGUAGES, WIDGET_POSITIONS, type WidgetLanguage, type WidgetTexts } from "./widget-api";
import { TEXT_LIMITS, type WidgetFormValues } from "./widget-form";

// Colours that read well on white with white text on them (the launcher button).
const SWATCHES = ["#1c7ed6", "#2f9e44", "#6741d9", "#c2255c", "#e8590c", "#1a1b1e"];

/**
 * Colour, corner and the texts in each language. `language` is the text tab shown, kept by the
 * screen so the preview speaks the language being edited; `defaults` are the widget's own words
 * for an empty text (its placeholders).
 */
export function AppearanceFields({
  form,
  language,
  onLanguageChange,
  defaults,
}: {
  form: UseFormReturnType<WidgetFormValues>;
  language: WidgetLanguage;
  defaults: Record<WidgetLanguage, WidgetTexts>;
  onLanguageChange: (language: WidgetLanguage) => void;
}) {
  const { t } = useTranslation();
  const position = form.getInputProps("appearance.position");
  const positionId = useId();
  return (
    <Stack>
      <Grid>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <ColorInput
            label={t("widget.accentColor")}
            description={t("widget.accentColorHelp")}
            format="hex"
            withEyeDropper={false}
            swatches={SWATCHES}
            swatchesPerRow={6}
            {...form.getInputProps("appearance.accentColor")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Input.Wrapper label={t("widget.position")} labelElement="div" id={positionId}>
            <SegmentedControl
              fullWidth
              aria-labelledby={`${positionId}-label`}
              data={WIDGET_POSITIONS.map((p) => ({ value: p, label: t(`widget.positions.${p}`) }))}
              value={position.value}
              onChange={position.onChange}
            />
          </Input.Wrapper>
        </Grid.Col>
      </Grid>
      <Tabs value={language} onChange={(v) => v && onLanguageChange(v as WidgetLanguage)} keepMounted>
        <Tabs.List>
          {WIDGET_LANGUAGES.map((l) => (
            <Tabs.Tab key={l} value={l}>
              {t(`widget.textsIn.${l}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {WIDGET_LANGUAGES.map((l) => (
          <Tabs.Panel key={l} value={l} pt="md">
            <Stack>
              <Grid>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <TextInput
                    label={t("widget.texts.launcher")}
                    description={t("widget.texts.launcherHelp")}
                    placeholder={defaults[l].launcher}
                    maxLength={TEXT_LIMITS.launcher}
                    lang={l}
                    {...form.getInputProps(`appearance.texts.${l}.launcher`)}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <TextInput
                    label={t("widget.texts.title")}
                    description={t("widget.texts.titleHelp")}
                    placeholder={defaults[l].title}
                    maxLength={TEXT_LIMITS.title}
                    lang={l}
                    {...form.getInputProps(`appearance.texts.${l}.title`)}
                  />
                </Grid.Col>
              </Grid>
              <Textarea
                label={t("widget.texts.intro")}
                description={t("widget.texts.introHelp", { max: TEXT_LIMITS.intro })}
                placeholder={defaults[l].intro}
                maxLength={TEXT_LIMITS.intro}
                autosize
                minRows={2}
                maxRows={5}
                lang={l}
                {...form.getInputProps(`appearance.texts.${l}.intro`)}
              />
            </Stack>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
