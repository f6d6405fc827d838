import { useEffect, useState } from "react";

/**
 * A QR code drawn as SVG. The encoder (uqr) is loaded only when a QR code is shown, never in the
 * first screen's bundle. Black on white with the quiet zone, as scanners want it.
 */
export function QrCode({ value, size = 220, label }: { value: string; size?: number; label: string }) {
  const [matrix, setMatrix] = useState<boolean[][] | null>(null);
  useEffect(() => {
    let live = true;
    void import("uqr").then(({ encode }) => {
      if (live) setMatrix(encode(value, { ecc: "M", border: 2 }).data);
    });
    return () => {
      live = false;
    };
  }, [value]);
  if (!matrix) return <div style={{ width: size, height: size }} aria-busy="true" />;
  const n = matrix.length;
  let path = "";
  matrix.forEach((row, y) => {
    row.forEach((on, x) => {
      if (on) path += `M${x} ${y}h1v1h-1z`;
    });
  });
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${n} ${n}`} width={size} height={size} shapeRendering="crispEdges">
      <rect width={n} height={n} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
