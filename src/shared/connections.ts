/**
 * Cloudflare Workers open at most 6 outbound connections at once per invocation
 * (developers.cloudflare.com/workers/platform/limits/#simultaneous-open-connections): fetch,
 * the Neon driver's WebSockets, Queue sends and Slack posts all count. A seventh waits inside
 * the runtime, where a timeout already started cannot tell the wait from a slow answer: a
 * call never sent would time out, count as a failure at the shared gate, and five in a row
 * open the breaker for the whole workspace. Stated once; workerd enforces none of it locally.
 * Since 2026-04-09 a connection counts only until its response headers arrive
 * (developers.cloudflare.com/changelog/2026-04-09-relaxed-connection-limiting); holding a slot
 * until the body is read, as the Intercom client does, stays inside the old rule and the new.
 */
export const MAX_OPEN_CONNECTIONS = 6;

/**
 * The Postgres pool's WebSockets (src/db/client.ts): one, so an invocation's statements queue
 * for it instead of opening more. Outbox rows delivered side by side each ran their own
 * statements, and a pool of 4 held 4 sockets beside Intercom's 4 calls: 8 at once
 * (`npm run limits`). Statements are a few milliseconds against Intercom's ~100 ms calls.
 */
export const POSTGRES_CONNECTIONS = 1;

/**
 * Slack alerts' share: one post at a time. Each post waits for this slot before its timeout
 * starts, as an Intercom call waits for one of its own.
 */
export const SLACK_CONNECTIONS = 1;

/**
 * Intercom's share of an invocation's connections. The other two: the Postgres pool's
 * WebSocket and one for a queue send or a Slack post made beside Intercom calls.
 */
export const INTERCOM_CONNECTIONS = MAX_OPEN_CONNECTIONS - POSTGRES_CONNECTIONS - SLACK_CONNECTIONS;

/** A counting semaphore: at most `size` pieces of work hold a slot at once, the rest queue in order. */
export interface Slots {
  /** Runs `work` once a slot is free, and frees the slot when it settles. */
  use<T>(work: () => Promise<T>): Promise<T>;
  /** The most slots held at once so far: what an invocation actually used. */
  peak(): number;
}

export function createSlots(size: number): Slots {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`slots: ${size} is not a size`);
  let held = 0;
  let peak = 0;
  const waiting: Array<() => void> = [];
  const acquire = async () => {
    // A freed slot passes straight to the first waiter (`held` unchanged), so no later
    // caller can overtake it.
    if (held < size) held += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    peak = Math.max(peak, held);
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else held -= 1;
  };
  return {
    async use(work) {
      await acquire();
      try {
        return await work();
      } finally {
        release();
      }
    },
    peak: () => peak,
  };
}
