import { type CSSVariablesResolver, createTheme, darken, lighten, luminance, type MantineColorsTuple } from "@mantine/core";

export const DEFAULT_ACCENT = "#1c7ed6";
const HEX = /^#[0-9a-f]{6}$/i;

/**
 * Ten shades around the company's accent colour (shade 6 is the colour itself). Filled buttons use
 * the first shade from 6 on that keeps white text at 4.5:1; a colour too light for that at any
 * shade gets black text (autoContrast), so any accent a shop picks stays readable.
 */
export function accentShades(accent: string | null | undefined): MantineColorsTuple {
  const color = accent && HEX.test(accent) ? accent : DEFAULT_ACCENT;
  return [
    lighten(color, 0.92),
    lighten(color, 0.8),
    lighten(color, 0.65),
    lighten(color, 0.5),
    lighten(color, 0.3),
    lighten(color, 0.15),
    color,
    darken(color, 0.15),
    darken(color, 0.3),
    darken(color, 0.45),
  ] as unknown as MantineColorsTuple;
}

const whiteContrast = (hex: string) => 1.05 / (luminance(hex) + 0.05);

export function portalTheme(accent: string | null | undefined) {
  const shades = accentShades(accent);
  const primaryShade = ([6, 7, 8, 9] as const).find((i) => whiteContrast(shades[i]) >= 4.5) ?? 6;
  return createTheme({
    primaryColor: "accent",
    primaryShade,
    colors: { accent: shades },
    autoContrast: true,
    defaultRadius: "md",
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  });
}

// "Dimmed" text is gray 6 in Mantine (3.3:1 on white); secondary text needs 4.5:1.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "#5c636a" },
  dark: {},
});
