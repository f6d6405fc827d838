/**
 * Readable colours from the company's accent (WCAG 2 contrast): the launcher's text colour on the
 * accent, and a version of the accent dark enough for links and the progress bar on white.
 */

const FALLBACK = "#1f6feb";

function rgb(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  const n = Number.parseInt(m?.[1] ?? FALLBACK.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const toHex = (c: [number, number, number]) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;

function luminance([r, g, b]: [number, number, number]): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(rgb(a)), luminance(rgb(b))].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

/** White or near-black, whichever reads better on `background`. */
export function textOn(background: string): string {
  return contrast(background, "#ffffff") >= contrast(background, "#111111") ? "#ffffff" : "#111111";
}

/** `accent` darkened in small steps until it reads on white (4.5:1), e.g. a yellow becomes an ochre. */
export function inkOnWhite(accent: string): string {
  let c = rgb(accent);
  for (let i = 0; i < 20 && contrast(toHex(c), "#ffffff") < 4.5; i++) c = c.map((v) => v * 0.88) as [number, number, number];
  return toHex(c);
}

/** A valid "#rrggbb" accent (the API validates it; the preview may pass what an admin is typing). */
export function safeAccent(accent: string | undefined): string {
  return accent && /^#[0-9a-f]{6}$/i.test(accent) ? accent : FALLBACK;
}
