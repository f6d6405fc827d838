import { useEffect, useRef } from "react";

const FORMATS = { code128: "CODE128", ean13: "EAN13", code39: "CODE39" } as const;

/**
 * A one-dimensional barcode drawn into an SVG by JsBarcode, loaded only when the card opens (never
 * in the first screen's bundle). Wide bars, a quiet zone and black on white: what scanners want.
 */
export function Barcode({ value, format, label }: { value: string; format: keyof typeof FORMATS; label: string }) {
  const svg = useRef<SVGSVGElement>(null);
  useEffect(() => {
    let live = true;
    void import("jsbarcode").then(({ default: JsBarcode }) => {
      if (!live || !svg.current) return;
      const options = { width: 2.4, height: 110, margin: 16, displayValue: false, background: "#ffffff", lineColor: "#000000" };
      try {
        JsBarcode(svg.current, value, { ...options, format: FORMATS[format] });
      } catch {
        // The server checks the format fits the number; should one still not, Code 128 encodes anything.
        JsBarcode(svg.current, value, { ...options, format: "CODE128" });
      }
      // Scales with the card's width; the drawn size stays the viewBox.
      const w = svg.current.getAttribute("width");
      const h = svg.current.getAttribute("height");
      if (w && h) {
        svg.current.setAttribute("viewBox", `0 0 ${Number.parseFloat(w)} ${Number.parseFloat(h)}`);
        svg.current.removeAttribute("width");
        svg.current.removeAttribute("height");
      }
    });
    return () => {
      live = false;
    };
  }, [value, format]);
  return <svg ref={svg} role="img" aria-label={label} style={{ width: "100%", maxWidth: 420, height: "auto", display: "block" }} />;
}
