import { Alert, Button, Group, Loader, Modal, Stack, Text } from "@mantine/core";
import { IconCameraOff } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

type Problem = "noCamera" | "denied" | "insecure" | "failed";

interface Detector {
  detect(source: HTMLVideoElement | ImageData): Promise<{ rawValue: string }[]>;
}

const FORMATS = ["qr_code", "code_128", "code_39", "ean_13", "ean_8", "upc_a", "itf", "data_matrix"];

/**
 * A decoder for video frames: the browser's BarcodeDetector where it exists, otherwise ZXing
 * compiled to WebAssembly (zxing-wasm), bundled with the app so it works offline.
 */
async function createDetector(): Promise<{ detect(video: HTMLVideoElement, canvas: HTMLCanvasElement): Promise<string | null> }> {
  const Native = (window as unknown as { BarcodeDetector?: new (o: { formats: string[] }) => Detector }).BarcodeDetector;
  if (Native) {
    const supported = await (Native as unknown as { getSupportedFormats?: () => Promise<string[]> }).getSupportedFormats?.();
    if (supported && supported.length > 0) {
      const detector = new Native({ formats: FORMATS.filter((f) => supported.includes(f)) });
      return {
        async detect(video) {
          const [first] = await detector.detect(video);
          return first?.rawValue ?? null;
        },
      };
    }
  }
  const [{ prepareZXingModule, readBarcodes }, { default: wasmUrl }] = await Promise.all([
    import("zxing-wasm/reader"),
    import("zxing-wasm/reader/zxing_reader.wasm?url"),
  ]);
  // Served from our own origin, never from a CDN.
  await prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
  return {
    async detect(video, canvas) {
      const width = video.videoWidth;
      const height = video.videoHeight;
      if (!width || !height) return null;
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext("2d", { willReadFrequently: true });
      if (!ctx) return null;
      ctx.drawImage(video, 0, 0, width, height);
      const [first] = await readBarcodes(ctx.getImageData(0, 0, width, height), { tryHarder: true, maxNumberOfSymbols: 1 });
      return first?.isValid ? first.text : null;
    },
  };
}

function problemOf(err: unknown): Problem {
  const name = (err as { name?: string })?.name;
  if (name === "NotAllowedError" || name === "SecurityError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "NotReadableError") return "noCamera";
  return "failed";
}

/** Opens the camera and reports the first QR code or barcode it reads. */
export function BarcodeScanner({
  opened,
  onClose,
  onDetected,
}: {
  opened: boolean;
  onClose: () => void;
  onDetected: (text: string) => void;
}) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [starting, setStarting] = useState(true);

  useEffect(() => {
    if (!opened) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const canvas = document.createElement("canvas");
    setProblem(null);
    setStarting(true);
    (async () => {
      if (!window.isSecureContext) return setProblem("insecure");
      if (!navigator.mediaDevices?.getUserMedia) return setProblem("noCamera");
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
      } catch (err) {
        return setProblem(problemOf(err));
      }
      if (stopped) return;
      const video = videoRef.current;
      if (!video) return;
      video.srcObject = stream;
      await video.play().catch(() => {});
      const detector = await createDetector().catch(() => null);
      setStarting(false);
      if (!detector) return setProblem("failed");
      const tick = async () => {
        if (stopped) return;
        const text = await detector.detect(video, canvas).catch(() => null);
        if (stopped) return;
        if (text) {
          onDetected(text.trim());
          return;
        }
        timer = setTimeout(tick, 200);
      };
      void tick();
    })();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [opened, onDetected]);

  return (
    <Modal opened={opened} onClose={onClose} title={t("counter.scanTitle")} size="lg">
      <Stack>
        {problem ? (
          <Alert color="orange" icon={<IconCameraOff />} title={t(`counter.camera.${problem}Title`)}>
            {t(`counter.camera.${problem}`)}
          </Alert>
        ) : (
          <>
            <div style={{ position: "relative", background: "#111", borderRadius: 12, overflow: "hidden", aspectRatio: "4 / 3" }}>
              <video ref={videoRef} muted playsInline style={{ width: "100%", height: "100%", objectFit: "cover" }} />
              {starting && (
                <Group justify="center" style={{ position: "absolute", inset: 0 }}>
                  <Loader color="white" aria-label={t("common.loading")} />
                </Group>
              )}
            </div>
            <Text size="sm" c="dimmed">
              {t("counter.scanHelp")}
            </Text>
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.close")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
