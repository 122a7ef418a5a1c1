/**
 * Paging that runs away, as other Intercom syncs have met it: not drawn per request like the
 * rates, but on while set, for every cursor-paged list and search (`GET /contacts`,
 * `GET /conversations` and both searches) and, for `extraParts`, every conversation fetched
 * with its parts. 0 is off. The sync's page guard must stop each (docs/sync.md "Page guard").
 */
export interface PagingFaults {
  /** From this page (2 or later) on, the answer's next cursor is the one it was asked with. */
  repeatCursorFromPage: number;
  /**
   * From this page (2 or later) on, the page is answered again and again, each time with a
   * fresh cursor: a chain that never ends. One past the last page: the last page gets a
   * cursor, and empty pages follow it.
   */
  repeatPageFromPage: number;
  /** `total_count` (and `pages.total_pages`) this many below what the list or search serves. */
  totalShortBy: number;
  /**
   * `GET /conversations/{id}` lists this many parts more than the conversation has (copies of
   * its last, each with an id of its own); its statistics still count the real ones.
   */
  extraParts: number;
}

export interface SandboxKnobs {
  /** Intercom's default per app; enforced in 10-second windows of a sixth each. */
  rateLimitPerMinute: number;
  latencyMs: number;
  faults: {
    rate429: number;
    rate5xx: number;
    timeoutRate: number;
    truncatedRate: number;
    /** Writes applied whose answer never arrives (scripts/sandbox/lost-replies.ts). */
    lostReplyRate: number;
    /**
     * Of the company scroll's calls that carry a `scroll_param`, the share answered 500 "Request
     * failed due to an internal network error. Please restart the scroll operation." (Intercom's
     * documented scroll failure). The scroll is then dead but keeps its lock until it expires.
     */
    scrollNetworkErrorRate: number;
    /**
     * A scroll that never ends, to test a client's guard: `restart` serves the companies again
     * from the start instead of the empty last page, `repeat` serves the same page again and
     * again. `off`: as Intercom.
     */
    scrollRunaway: "off" | "restart" | "repeat";
  } & PagingFaults;
  searchDelaySeconds: number;
  /** Added to the sandbox's clock: lets a run cross the sandbox's UTC midnight on demand. */
  clockOffsetSeconds: number;
  /**
   * Routes (`"GET /conversations"`, as the recorded requests name them) the workspace's plan
   * does not include: answered 403 `api_plan_restricted`, as Intercom does.
   */
  planRestricted: string[];
  /** A company scroll unused this long expires (Intercom: about a minute). */
  scrollExpirySeconds: number;
  /**
   * `same`: every page of a scroll carries the scroll_param of the first, as users of the real
   * API report (Airbyte's companies stream, airbytehq/airbyte#69151); `new`: a fresh one each
   * page, as the documentation reads.
   */
  scrollParam: "same" | "new";
  /**
   * Custom data attributes a workspace may hold (archived ones not counted): Intercom's help
   * centre says 250 per workspace. Lower it so a test can reach it.
   */
  customAttributeLimit: number;
  /**
   * Custom attribute names whose values may be arrays or objects, which Intercom refuses. The
   * seed's workspaces have the `Stripe Subscriptions` / `Stripe Payments` arrays (stripe.ts), so
   * these two by default; `[]` refuses every array, as Intercom does.
   */
  arrayAttributes: string[];
}

/** A change of knobs: faults not named keep their rate. */
export type KnobPatch = Partial<Omit<SandboxKnobs, "faults">> & {
  faults?: Partial<SandboxKnobs["faults"]>;
};

export const DEFAULT_KNOBS: SandboxKnobs = {
  rateLimitPerMinute: 10_000,
  latencyMs: 0,
  faults: {
    rate429: 0,
    rate5xx: 0,
    timeoutRate: 0,
    truncatedRate: 0,
    lostReplyRate: 0,
    scrollNetworkErrorRate: 0,
    scrollRunaway: "off",
    repeatCursorFromPage: 0,
    repeatPageFromPage: 0,
    totalShortBy: 0,
    extraParts: 0,
  },
  searchDelaySeconds: 0,
  clockOffsetSeconds: 0,
  planRestricted: [],
  scrollExpirySeconds: 60,
  scrollParam: "same",
  customAttributeLimit: 250,
  arrayAttributes: ["Stripe Subscriptions", "Stripe Payments"],
};

const WINDOW_MS = 10_000;

/**
 * Intercom's limiter: fixed 10-second windows aligned to the clock, each allowing a sixth of
 * the per-minute limit, counted on arrival. The headers are what Intercom sends:
 * `X-RateLimit-Limit` the whole per-minute limit, `X-RateLimit-Remaining` counting down from
 * it (the calls of the last minute, this window's included, subtracted), `X-RateLimit-Reset`
 * the end of the current window, a few seconds ahead.
 */
export class RateWindow {
  /** Calls counted per window start (ms), the last minute's only. */
  private used = new Map<number, number>();

  take(limitPerMinute: number, now: number) {
    const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    for (const key of this.used.keys()) if (key <= start - 60_000) this.used.delete(key);
    const allowance = Math.max(1, Math.floor(limitPerMinute / 6));
    const inWindow = this.used.get(start) ?? 0;
    const allowed = inWindow < allowance;
    if (allowed) this.used.set(start, inWindow + 1);
    const lastMinute = [...this.used.values()].reduce((sum, n) => sum + n, 0);
    return {
      allowed,
      headers: {
        "X-RateLimit-Limit": String(limitPerMinute),
        "X-RateLimit-Remaining": String(allowed ? Math.max(0, limitPerMinute - lastMinute) : 0),
        "X-RateLimit-Reset": String(Math.ceil((start + WINDOW_MS) / 1000)),
      },
    };
  }

  reset() {
    this.used.clear();
  }
}

export type Fault = "429" | "5xx" | "timeout" | "truncated" | "lost" | null;

export function drawFault(knobs: SandboxKnobs, random: () => number): Fault {
  const f = knobs.faults;
  const roll = random();
  if (roll < f.rate429) return "429";
  if (roll < f.rate429 + f.rate5xx) return "5xx";
  if (roll < f.rate429 + f.rate5xx + f.timeoutRate) return "timeout";
  if (roll < f.rate429 + f.rate5xx + f.timeoutRate + f.truncatedRate) return "truncated";
  // Last, so the other faults draw as they did for a seed before this one existed.
  if (roll < f.rate429 + f.rate5xx + f.timeoutRate + f.truncatedRate + f.lostReplyRate)
    return "lost";
  return null;
}
