import type { Clock } from "../shared/clock.ts";
import { AppError } from "../shared/errors.ts";
import { type Delivery, deliveryFrom, notificationSchema } from "./envelope.ts";
import { verifyIntercomSignature } from "./signature.ts";

export interface DeliverySink {
  /** Resolves only once the delivery is durably stored (queue or database). */
  store(delivery: Delivery, sizeBytes: number): Promise<void>;
}

interface ReceiveDeps {
  secrets: readonly string[];
  clock: Clock;
  sink: DeliverySink;
}

/**
 * Verifies, parses and durably stores one webhook. Applying it happens later, off the
 * request: Intercom waits 5 s and favours endpoints that answer within 500 ms.
 */
export async function receiveWebhook(
  body: Uint8Array<ArrayBuffer>,
  signature: string | null,
  deps: ReceiveDeps,
): Promise<Delivery> {
  if (!signature) throw new AppError("unauthorized", "missing X-Hub-Signature header");
  if (!(await verifyIntercomSignature(body, signature, deps.secrets))) {
    throw new AppError("unauthorized", "X-Hub-Signature does not match the body");
  }
  let json: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body);
    json = JSON.parse(text);
    // JSON carries U+0000 only as this escape: the walk is paid only by those deliveries.
    if (text.includes("\\u0000")) json = withoutNul(json);
  } catch {
    throw new AppError("invalid_request", "body is not valid JSON");
  }
  const parsed = notificationSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("invalid_request", "body is not an Intercom notification", {
      problems: parsed.error.issues.map((issue) => ({
        field: issue.path.join(".") || "(body)",
        message: issue.message,
      })),
    });
  }
  const delivery = await deliveryFrom(parsed.data, deps.clock.now());
  await deps.sink.store(delivery, body.byteLength);
  return delivery;
}

/**
 * Postgres cannot store U+0000 in jsonb, so a delivery carrying one (a pasted message body)
 * could be answered 200 and never stored. It is replaced by U+FFFD, as a lossy decoder would:
 * the signature was checked on the bytes as sent, and the rest of the delivery is kept whole.
 */
function withoutNul(value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll("\0", "\uFFFD");
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [withoutNul(k) as string, withoutNul(v)]),
    );
  return value;
}
