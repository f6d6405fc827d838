import jpeg from "jpeg-js";
import { PNG } from "pngjs";

/** Decoded RGBA pixels. */
interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

function parseHex(color: string): [number, number, number] {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** PNG and JPEG uploads are decoded in pure JavaScript; WebP and GIF give null (the caller draws a plain icon). */
export function decodeImage(contentType: string, bytes: Buffer): Bitmap | null {
  try {
    if (contentType === "image/png") {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, data: png.data };
    }
    if (contentType === "image/jpeg") {
      // The limits keep a hostile upload (a tiny file claiming huge dimensions) from eating memory.
      const img = jpeg.decode(bytes, { useTArray: true, maxResolutionInMP: 40, maxMemoryUsageInMB: 256 });
      return { width: img.width, height: img.height, data: img.data };
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * A square PNG icon: the image centred on a square of the background colour with a margin (so a
 * wide logo fits), scaled by averaging each target pixel's source area (a box filter: good enough
 * for downscaling a logo, and a few lines instead of a native image library). Without an image, the
 * background colour with a white ring, still a valid installable icon.
 */
export function renderIcon(size: number, background: string, image: Bitmap | null): Buffer {
  const png = new PNG({ width: size, height: size });
  const [br, bg, bb] = parseHex(background);
  for (let i = 0; i < size * size; i++) {
    png.data[i * 4] = br;
    png.data[i * 4 + 1] = bg;
    png.data[i * 4 + 2] = bb;
    png.data[i * 4 + 3] = 255;
  }
  if (image && image.width > 0 && image.height > 0) drawContained(png, size, image);
  else drawRing(png, size);
  return PNG.sync.write(png);
}

function drawContained(png: PNG, size: number, img: Bitmap): void {
  const box = Math.round(size * 0.84);
  const scale = Math.min(box / img.width, box / img.height);
  const w = Math.max(1, Math.round(img.width * scale));
  const h = Math.max(1, Math.round(img.height * scale));
  const left = Math.floor((size - w) / 2);
  const top = Math.floor((size - h) / 2);
  for (let y = 0; y < h; y++) {
    const sy0 = Math.floor((y * img.height) / h);
    const sy1 = Math.max(sy0 + 1, Math.floor(((y + 1) * img.height) / h));
    for (let x = 0; x < w; x++) {
      const sx0 = Math.floor((x * img.width) / w);
      const sx1 = Math.max(sx0 + 1, Math.floor(((x + 1) * img.width) / w));
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      let n = 0;
      for (let sy = sy0; sy < sy1; sy++) {
        for (let sx = sx0; sx < sx1; sx++) {
          const o = (sy * img.width + sx) * 4;
          const alpha = img.data[o + 3] as number;
          r += (img.data[o] as number) * alpha;
          g += (img.data[o + 1] as number) * alpha;
          b += (img.data[o + 2] as number) * alpha;
          a += alpha;
          n++;
        }
      }
      if (a === 0) continue;
      const coverage = a / (n * 255);
      const d = ((top + y) * size + left + x) * 4;
      png.data[d] = Math.round((r / a) * coverage + (png.data[d] as number) * (1 - coverage));
      png.data[d + 1] = Math.round((g / a) * coverage + (png.data[d + 1] as number) * (1 - coverage));
      png.data[d + 2] = Math.round((b / a) * coverage + (png.data[d + 2] as number) * (1 - coverage));
    }
  }
}

function drawRing(png: PNG, size: number): void {
  const c = size / 2;
  const outer = size * 0.3;
  const inner = size * 0.2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dist = Math.hypot(x + 0.5 - c, y + 0.5 - c);
      if (dist <= outer && dist >= inner) {
        const d = (y * size + x) * 4;
        png.data[d] = 255;
        png.data[d + 1] = 255;
        png.data[d + 2] = 255;
      }
    }
  }
}
