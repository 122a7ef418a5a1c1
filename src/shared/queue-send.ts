/**
 * Cloudflare Queues takes at most 100 messages and 256 KB per `sendBatch` call (128 KB per
 * message); a larger call fails whole ("Unknown Internal Error (15000)" locally). Every
 * multi-message send goes through here, split into calls that fit.
 */
export const MAX_BATCH_MESSAGES = 100;
/** Below the 256 KB limit, leaving room for the per-message metadata the platform adds. */
export const MAX_BATCH_BYTES = 240_000;
const METADATA_BYTES = 128;

const encoder = new TextEncoder();

export function batchesOf<T>(bodies: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = encoder.encode(JSON.stringify(body)).byteLength + METADATA_BYTES;
    if (
      current.length > 0 &&
      (current.length >= MAX_BATCH_MESSAGES || bytes + size > MAX_BATCH_BYTES)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(body);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Sends every body, in as few calls as the limits allow; resolves once all are accepted. */
export async function sendAll<T>(
  queue: Queue<T>,
  bodies: readonly T[],
  options?: QueueSendBatchOptions,
): Promise<number> {
  for (const batch of batchesOf(bodies)) {
    await queue.sendBatch(
      batch.map((body) => ({ body })),
      options,
    );
  }
  return bodies.length;
}
