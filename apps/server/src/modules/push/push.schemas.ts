import { z } from "zod";

/** base64url of a P-256 public key (65 bytes, uncompressed) and of the 16-byte auth secret. */
const decodedLength = (v: string) => Buffer.from(v, "base64url").length;
const base64url = (bytes: number, what: string) =>
  z
    .string()
    // abort: a text that is not base64url gets this one detail, not also the length's
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, { message: "must be base64url", abort: true })
    .refine((v) => decodedLength(v) === bytes, what);

/** The browser's PushSubscription.toJSON(), as the portal posts it. */
export const pushSubscriptionInput = z
  .object({
    endpoint: z.string().trim().min(1, "is required").max(2048, "must be at most 2048 characters"),
    expirationTime: z.number().int().min(0).nullable().optional().describe("ignored: push services report expiry by answering 404/410"),
    keys: z
      .object({
        p256dh: base64url(65, "must be a P-256 public key (65 bytes, base64url)"),
        auth: base64url(16, "must be a 16-byte secret (base64url)"),
      })
      .strict(),
  })
  .strict();

export const pushEndpointInput = z
  .object({ endpoint: z.string().trim().min(1, "is required").max(2048, "must be at most 2048 characters") })
  .strict();

export const pushDevice = z
  .object({
    id: z.string(),
    service: z.string().describe("the push service's host, e.g. fcm.googleapis.com"),
    userAgent: z.string().nullable(),
    createdAt: z.date(),
    lastSuccessAt: z.date().nullable(),
  })
  .meta({ id: "PushDevice" });

export const pushDeviceList = z.object({ data: z.array(pushDevice) }).meta({ id: "PushDeviceList" });

export const pushKey = z
  .object({ publicKey: z.string().describe("the VAPID public key (base64url): PushManager.subscribe's applicationServerKey") })
  .meta({ id: "PushKey" });

export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInput>;
export type PushDevice = z.infer<typeof pushDevice>;
