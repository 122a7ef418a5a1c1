import type { ScrollRecord } from "../../sandbox/model.ts";
import { SCROLL_PAGE_SIZE } from "../../sandbox/routes-company-scroll.ts";
import type { Sandbox } from "../../sandbox/server.ts";

const SAMPLE_MS = 250;

export interface ScrollWatchFigures {
  /** Of them, given up before their end (expired or broken, then replaced by a new one). */
  abandoned: number;
  /** Longest a scroll sat unused between two of its pages (real time, to a sample). */
  longestGapMs: number;
}

/**
 * Watches the sandbox's company scroll (sampled every 250 ms) for how long it sits unused
 * between two pages: what its expiry is measured against. The service reads a scroll in
 * steps of up to 25 pages, one queue message each, and the next step waits its turn in the
 * sync queue behind the other kinds' messages.
 */
export class ScrollWatch {
  readonly figures: ScrollWatchFigures = { abandoned: 0, longestGapMs: 0 };
  /** The sandbox's own record of the scroll, which it moves on in place, and where it stood. */
  private last: { scroll: ScrollRecord; position: number; since: number } | null = null;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(sandbox: Sandbox) {
    this.timer = setInterval(() => this.sample(sandbox), SAMPLE_MS);
  }

  private sample(sandbox: Sandbox) {
    const scroll = sandbox.workspace().companyScroll;
    const now = Date.now();
    const last = this.last;
    if (last && last.scroll !== scroll) {
      // Gone (its empty page served, or expired and cleared) or replaced by a new one: only a
      // scroll that served its empty page is past its companies, unbroken.
      const ended =
        last.scroll.position >= last.scroll.ids.length + SCROLL_PAGE_SIZE && !last.scroll.broken;
      if (!ended) this.figures.abandoned += 1;
      this.last = null;
    }
    if (!scroll) return;
    // A scroll read within one sample (a quick profile's) is never seen: nothing to measure.
    if (this.last) {
      if (scroll.position === this.last.position) return;
      this.figures.longestGapMs = Math.max(this.figures.longestGapMs, now - this.last.since);
    }
    this.last = { scroll, position: scroll.position, since: now };
  }

  stop() {
    clearInterval(this.timer);
  }
}
