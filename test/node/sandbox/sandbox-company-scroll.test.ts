import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_KNOBS } from "../../../scripts/sandbox/faults.ts";
import { type Sandbox, startSandbox } from "../../../scripts/sandbox/server.ts";
import { type Json, sandboxCalls } from "../../support/sandbox-http.ts";

/**
 * `GET /companies/scroll` with the quirks Intercom documents and its users report (sources in
 * scripts/sandbox/routes-company-scroll.ts): 100 a page, one scroll per workspace, expiry when
 * unused, an empty last page then 404, the same scroll_param throughout, the 500 that kills a
 * scroll, and the runaway fault a client's guard must stop.
 */
const DAY = 86_400;
const EPOCH = 1_790_000_000 - (1_790_000_000 % DAY);
let sandbox: Sandbox;
const { call, checked } = sandboxCalls(() => sandbox.url);

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 47,
    sizes: { contacts: 300, leads: 0, conversations: 0, companies: 250 },
    epoch: EPOCH,
  });
});
afterAll(() => sandbox.stop());
afterEach(() => {
  // Every test starts with no scroll open and Intercom's behaviour.
  sandbox.workspace().companyScroll = null;
  sandbox.setKnobs({
    scrollExpirySeconds: DEFAULT_KNOBS.scrollExpirySeconds,
    scrollParam: "same",
    faults: { scrollNetworkErrorRate: 0, scrollRunaway: "off" },
  });
});

const ids = (page: { body: Json }) => (page.body.data as Json[]).map((co) => String(co.id));
const next = (param: unknown) => `/companies/scroll?scroll_param=${String(param)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the company scroll", () => {
  it("walks every company, 100 a page, with one scroll_param, to an empty page, then 404", async () => {
    const pages = [await checked("GET", "/companies/scroll")];
    while (ids(pages.at(-1) as { body: Json }).length > 0)
      pages.push(await checked("GET", next(pages.at(-1)?.body.scroll_param)));
    expect(pages.map((p) => ids(p).length)).toEqual([100, 100, 50, 0]);
    expect(new Set(pages.map((p) => p.body.scroll_param)).size).toBe(1);
    expect(pages[0]?.body).toMatchObject({ type: "list", pages: null, total_count: null });
    // Every company, those with nobody too, in the order they were made.
    expect(pages.flatMap(ids)).toEqual(sandbox.workspace().companyOrder);
    expect(pages.flatMap((p) => p.body.data as Json[]).some((co) => co.user_count === 0)).toBe(
      true,
    );
    const after = await checked("GET", next(pages[0]?.body.scroll_param));
    expect(after.status).toBe(404);
    expect(after.body).toMatchObject({ errors: [{ code: "not_found" }] });
    // Ended, it holds no lock: a new scroll opens.
    expect((await call("GET", "/companies/scroll")).status).toBe(200);
  });

  it("allows one open scroll per workspace, until it expires unused", async () => {
    sandbox.setKnobs({ scrollExpirySeconds: 1 });
    const first = await call("GET", "/companies/scroll");
    const second = await call("GET", "/companies/scroll");
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({
      errors: [{ code: "scroll_exists", message: "scroll already exists for this workspace" }],
    });
    // Used within the expiry, it lives on.
    await sleep(500);
    expect((await call("GET", next(first.body.scroll_param))).status).toBe(200);
    await sleep(1_200);
    const expired = await call("GET", next(first.body.scroll_param));
    expect(expired.status).toBe(404);
    expect((await call("GET", "/companies/scroll")).status).toBe(200);
  });

  it("gives a fresh scroll_param per page when the knob says so; an old one is not found", async () => {
    sandbox.setKnobs({ scrollParam: "new" });
    const first = await call("GET", "/companies/scroll");
    const second = await call("GET", next(first.body.scroll_param));
    expect(second.body.scroll_param).not.toBe(first.body.scroll_param);
    expect((await call("GET", next(first.body.scroll_param))).status).toBe(404);
    expect(ids(await call("GET", next(second.body.scroll_param)))).toHaveLength(50);
  });

  it("fails with Intercom's internal network error, and the dead scroll keeps its lock until it expires", async () => {
    sandbox.setKnobs({ scrollExpirySeconds: 1, faults: { scrollNetworkErrorRate: 1 } });
    const first = await call("GET", "/companies/scroll");
    const failed = await checked("GET", next(first.body.scroll_param));
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({
      errors: [
        {
          message:
            "Request failed due to an internal network error. Please restart the scroll operation.",
        },
      ],
    });
    sandbox.setKnobs({ faults: { scrollNetworkErrorRate: 0 } });
    expect((await call("GET", next(first.body.scroll_param))).status).toBe(404);
    expect((await call("GET", "/companies/scroll")).status).toBe(400);
    await sleep(1_200);
    expect(ids(await call("GET", "/companies/scroll"))).toHaveLength(100);
  });

  it("runs away on the fault: from the start again, or the same page, never an empty page", async () => {
    sandbox.setKnobs({ faults: { scrollRunaway: "restart" } });
    let page = await call("GET", "/companies/scroll");
    const seen = [ids(page)];
    for (let i = 0; i < 6; i++) {
      page = await call("GET", next(page.body.scroll_param));
      seen.push(ids(page));
    }
    expect(seen.map((p) => p.length)).toEqual([100, 100, 50, 100, 100, 50, 100]);
    expect(seen[3]).toEqual(seen[0]);
    sandbox.workspace().companyScroll = null;
    sandbox.setKnobs({ faults: { scrollRunaway: "repeat" } });
    const opened = await call("GET", "/companies/scroll");
    for (let i = 0; i < 5; i++)
      expect(ids(await call("GET", next(opened.body.scroll_param)))).toEqual(ids(opened));
  });
});

describe("companies at benchmark size", () => {
  it("seeds 20,000 companies; the lists stop at 10,000 and the scroll goes past", async () => {
    const started = performance.now();
    const big = await startSandbox({
      seed: 5,
      sizes: { contacts: 100_000, leads: 0, conversations: 0, companies: 20_000 },
    });
    try {
      const ms = performance.now() - started;
      console.log(`sandbox seeded 100k contacts + 20k companies in ${ms.toFixed(0)} ms`);
      const bigCalls = sandboxCalls(() => big.url);
      const last = await bigCalls.call("POST", "/companies/list?per_page=50&page=200");
      expect(last.status).toBe(200);
      expect(Number(last.body.total_count)).toBeGreaterThan(10_000);
      expect(last.body.data).toHaveLength(50);
      const beyond = await bigCalls.checked("POST", "/companies/list?per_page=50&page=201");
      expect(beyond.status).toBe(400);
      const byGet = await bigCalls.call("GET", "/companies?per_page=60&page=167");
      expect(byGet.body).toMatchObject({ errors: [{ code: "bad_request" }] });
      let page = await bigCalls.call("GET", "/companies/scroll");
      let count = 0;
      while (ids(page).length > 0) {
        count += ids(page).length;
        page = await bigCalls.call("GET", next(page.body.scroll_param));
      }
      expect(count).toBe(20_000);
    } finally {
      await big.stop();
    }
  }, 120_000);
});
