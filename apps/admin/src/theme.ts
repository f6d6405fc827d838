import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  type CSSVariablesResolver,
  createTheme,
  darken,
  defaultVariantColorsResolver,
  luminance,
  MultiSelect,
  NavLink,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  Switch,
  TagsInput,
  Textarea,
  TextInput,
  type VariantColorsResolver,
} from "@mantine/core";

// Tablet first: inputs and buttons are 42px high so every touch target is at least 40px.
// Descriptions go under the input so inputs in a row line up.
const md = {
  defaultProps: {
    size: "md" as const,
    inputWrapperOrder: ["label", "input", "description", "error"] as ("label" | "input" | "description" | "error")[],
  },
};

// Contrast (WCAG AA, checked by axe on every screen): Mantine's light variants draw text in shade 6
// on a 10 % tint (about 2.5:1 for green or orange), and even shade 9 of green or orange stays under
// 4.5:1 on a striped row; shade 9 darkened by a third passes for every colour and keeps the hue.
// Outlines likewise. Filled colours keep white text on the first shade from 7 that reaches 4.5:1
// (red 7 is 3.6:1, so a blocked member's badge or a delete button goes to red 9); colours too light
// for white at any shade (yellow) get black text (autoContrast).
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const color = input.color ?? input.theme.primaryColor;
  if (!(color in input.theme.colors)) return colors;
  const text = darken(input.theme.colors[color]?.[9] ?? "#000", 0.35);
  if (input.variant === "light") return { ...colors, color: text };
  if (input.variant === "outline") return { ...colors, color: text, border: `1px solid ${text}` };
  if (input.variant === "filled") {
    const shade = [7, 8, 9].map((i) => input.theme.colors[color]?.[i] ?? "").find((hex) => hex && 1.05 / (luminance(hex) + 0.05) >= 4.5);
    if (shade) return { ...colors, background: shade, hover: darken(shade, 0.1), color: "var(--mantine-color-white)" };
  }
  return colors;
};

// "Dimmed" text is gray 6 in Mantine (3.3:1 on white): descriptions and section headings need 4.5:1.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "#5c636a" },
  dark: {},
});

export const theme = createTheme({
  primaryColor: "indigo",
  // Shade 6 under white text is 4.2:1; shade 7 passes.
  primaryShade: { light: 7, dark: 8 },
  autoContrast: true,
  // Black text from this luminance up: the point where black beats white (a tier's own colour, e.g.
  // orange, got white text at 3:1 with Mantine's 0.3).
  luminanceThreshold: 0.179,
  variantColorResolver,
  defaultRadius: "md",
  focusRing: "auto",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  components: {
    Button: Button.extend(md),
    Badge: Badge.extend({ defaultProps: { variant: "light" } }),
    TextInput: TextInput.extend(md),
    PasswordInput: PasswordInput.extend(md),
    NumberInput: NumberInput.extend(md),
    Textarea: Textarea.extend(md),
    Select: Select.extend(md),
    MultiSelect: MultiSelect.extend(md),
    TagsInput: TagsInput.extend(md),
    SegmentedControl: SegmentedControl.extend({ defaultProps: { size: "md" } }),
    Checkbox: Checkbox.extend({ defaultProps: { size: "md" } }),
    Switch: Switch.extend({ defaultProps: { size: "md" } }),
    ActionIcon: ActionIcon.extend({ defaultProps: { size: "input-md", variant: "subtle" } }),
    NavLink: NavLink.extend({ styles: { root: { minHeight: 44, borderRadius: 8 } } }),
  },
});
