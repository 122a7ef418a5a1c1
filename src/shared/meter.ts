import type { Logger } from "./logger.ts";

/**
 * Cloudflare's per-invocation limits this Worker is held to, stated once
 * (https://developers.cloudflare.com/workers/platform/limits/, "Subrequests" and
 * "Simultaneous open connections"). Locally workerd enforces neither, so the meter below
 * counts against them and `npm run limits` reads its lines.
 */
export const PLATFORM_LIMITS = {
  /**
   * Paid plan: 1,000 per invocation on accounts of the Unbound/Standard model (newer accounts
   * get 10,000); we hold to the stricter figure. Calls to Cloudflare's own services (Durable
   * Objects, Queues) count against it as fetches do. Past it, every further one throws.
   */
  subrequests: 1000,
  /**
   * Six per invocation: fetch(), Queues' send()/sendBatch() and outbound sockets (a Postgres
   * WebSocket is one for as long as it is open). A seventh is not refused but waits for one
   * to close, so a timeout can run out before its request is even sent.
   */
  connections: 6,
} as const;

/** What one invocation spent of its subrequests, by kind (named apart from log fields). */
type SubrequestKind = "fetches" | "do_calls" | "queue_sends" | "db_connections";

export interface MeterFigures {
  subrequests: number;
  /** Outbound HTTP: Intercom, Slack, anything else handed the invocation's fetch. */
  fetches: number;
  /** Calls on a Durable Object stub (the rate-limit gate). */
  do_calls: number;
  /** Queue send, sendBatch and metrics calls. */
  queue_sends: number;
  /** Postgres connections opened: each is a WebSocket, opened by an HTTP upgrade request. */
  db_connections: number;
  /** Most connections open at once: fetches not yet read to the end, queue sends, sockets. */
  peak_connections: number;
  wall_ms: number;
}

export interface Meter {
  count(kind: SubrequestKind): void;
  /** A connection opened (its subrequest is counted separately). */
  opened(): void;
  closed(): void;
  figures(): MeterFigures;
}

export function createMeter(now: () => number = Date.now): Meter {
  const counts: Record<SubrequestKind, number> = {
    fetches: 0,
    do_calls: 0,
    queue_sends: 0,
    db_connections: 0,
  };
  const started = now();
  let open = 0;
  let peak = 0;
  return {
    count: (kind) => {
      counts[kind] += 1;
    },
    opened: () => {
      open += 1;
      peak = Math.max(peak, open);
    },
    closed: () => {
      open = Math.max(0, open - 1);
    },
    figures: () => ({
      subrequests: counts.fetches + counts.do_calls + counts.queue_sends + counts.db_connections,
      ...counts,
      peak_connections: peak,
      wall_ms: now() - started,
    }),
  };
}

/** The figures past half their limit: worth a warning long before the platform refuses. */
export function pastHalf(figures: MeterFigures): string[] {
  const past: string[] = [];
  if (figures.subrequests > PLATFORM_LIMITS.subrequests / 2) past.push("subrequests");
  if (figures.peak_connections > PLATFORM_LIMITS.connections / 2) past.push("connections");
  return past;
}

/**
 * The invocation's one line: debug normally, warn when a figure is past half its limit. It
 * names the kind of invocation (a route pattern, never a path; no ids, no personal data).
 */
export function logInvocation(
  logger: Logger,
  invocation: string,
  figures: MeterFigures,
  extra: Record<string, unknown> = {},
): void {
  const past = pastHalf(figures);
  const fields = { invocation, ...extra, ...figures };
  if (past.length > 0) logger.warn("invocation", { ...fields, past_half_of_limit: past });
  else logger.debug("invocation", fields);
}
