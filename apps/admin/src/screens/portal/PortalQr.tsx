import { Skeleton } from "@mantine/core";
import { useEffect, useState } from "react";

/**
 * A QR code of `value` as an image. The QR library is loaded only when a QR is shown (its own
 * chunk), so the rest of the panel does not carry it.
 */
export function PortalQr({ value, size, alt }: { value: string; size: number; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import("qrcode").then((qr) =>
      qr.toDataURL(value, { width: size * 2, margin: 1, errorCorrectionLevel: "M" }).then((url) => {
        if (live) setSrc(url);
      }),
    );
    return () => {
      live = false;
    };
  }, [value, size]);
  if (!src) return <Skeleton width={size} height={size} />;
  return <img src={src} width={size} height={size} alt={alt} data-testid="portal-qr" />;
}
