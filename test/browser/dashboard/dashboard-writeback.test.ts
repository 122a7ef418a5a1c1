import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_KEY,
  type BrowserStack,
  startBrowserStack,
  WORKSPACE_ID,
} from "../../support/browser-stack.ts";

/**
 * The dashboard's Write-back section against the local stack and its sandbox: the preview
 * button starts a dry run that shows up, runs to its end and shows its sample without a
 * reload, audited, writing nothing to Intercom; a start while a run plans says why it was not.
 */
const SCREENSHOTS = join(import.meta.dirname, "..", "..", "..", ".tools", "screenshots");

let env: BrowserStack;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const scriptErrors: string[] = [];

beforeAll(async () => {
  env = await startBrowserStack();
  context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => scriptErrors.push(String(e)));
});
afterAll(async () => {
  await env?.stop();
});

const url = (path: string) => `${env.stack.baseUrl}${path}`;
const runCount = async () =>
  (await env.db.query<{ n: number }>("select count(*)::int as n from writeback_runs")).rows[0]?.n;
const customAttributes = () =>
  env.sandbox
    .workspace()
    .dataAttributes.filter((a) => a.custom)
    .map((a) => a.name);

describe("write-back without a session", () => {
  it("refuses the start and starts nothing", async () => {
    const before = await runCount();
    const res = await fetch(url("/dashboard/writeback"), {
      method: "POST",
      headers: { origin: env.stack.baseUrl, "content-type": "application/x-www-form-urlencoded" },
      body: "dry_run=true",
    });
    expect(res.status).toBe(401);
    expect(await runCount()).toBe(before);
  });
});

describe("write-back, signed in", () => {
  beforeAll(async () => {
    await page.goto(url("/dashboard"));
    await page.fill("input[name=key]", ADMIN_KEY);
    await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
    // The sign-in page's 401s are logged as failed loads; only what follows must be clean.
    consoleErrors.length = 0;
  });

  it("a preview starts a dry run that shows up, ends and shows its sample, with no reload", async () => {
    expect(await page.locator("#writeback").textContent()).toContain("No write-back runs yet");
    await page.evaluate("window.stayed = true");
    await page.click("[data-writeback=dry-run]");
    await page.waitForSelector("#notice:has-text('Started a write-back dry run')");
    const notice = (await page.locator("#notice").textContent()) ?? "";
    const id = /\(([0-9a-f-]{36})\)/.exec(notice)?.[1] ?? "";
    expect(id).not.toBe("");
    const row = page.locator(`[data-writeback-run="${id}"]`);
    await row.waitFor({ timeout: 30_000 });
    await page.waitForSelector(`[data-writeback-run="${id}"][data-status=succeeded]`, {
      timeout: 90_000,
    });
    expect(await page.evaluate("window.stayed")).toBe(true);
    const { rows } = await env.db.query<{ planned: number; sample: unknown[] }>(
      "select contacts_planned as planned, sample from writeback_runs where id = $1",
      [id],
    );
    const planned = rows[0]?.planned ?? 0;
    expect(planned).toBeGreaterThan(0);
    const cells = await row.locator("td").allTextContents();
    expect(cells.slice(1, 8)).toEqual([
      "dry run",
      "manual",
      "succeeded",
      planned.toLocaleString("en-US"),
      "–",
      "0",
      "0",
    ]);
    const sample = page.locator(`[data-sample="${id}"]`);
    await sample.locator("summary").click();
    const shown = await sample.locator("tbody tr").allTextContents();
    expect(shown).toHaveLength(rows[0]?.sample.length ?? -1);
    expect(shown[0]).toMatch(/bridge_\w+ – → \S+/);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.locator("#writeback").screenshot({
      path: join(SCREENSHOTS, "dashboard-writeback.png"),
    });
    // The audit log shows the start, refreshed by the button.
    const entry = page.locator(`#audit [data-audit="writeback.start"][data-target="${id}"]`);
    await entry.waitFor();
    expect(await entry.locator("td").nth(2).textContent()).toBe("ok");
    // A preview writes nothing to Intercom, not even the attributes it would create.
    expect(customAttributes().filter((name) => name.startsWith("bridge_"))).toEqual([]);
  });

  it("a start while another run plans says so, and starts nothing", async () => {
    const { rows } = await env.db.query<{ id: string }>(
      `insert into writeback_runs (workspace_id, dry_run, trigger, created_at, updated_at)
       values ($1, true, 'manual', now(), now()) returning id::text`,
      [WORKSPACE_ID],
    );
    const planning = rows[0]?.id ?? "";
    try {
      const before = await runCount();
      await page.goto(url(`/dashboard?fresh=${Date.now()}#writeback`));
      expect(
        await page.locator(`[data-writeback-run="${planning}"]`).getAttribute("data-status"),
      ).toBe("planning");
      await page.click("[data-writeback=real]");
      await page.waitForSelector(`#notice:has-text('already planning (${planning})')`);
      expect(await runCount()).toBe(before);
      // Chromium logs the refused start as a failed load: that one, and no other, is expected.
      expect(consoleErrors).toEqual([expect.stringContaining("409 (Conflict)")]);
      consoleErrors.length = 0;
    } finally {
      await env.db.query(
        "update writeback_runs set status = 'failed', error = 'test: ended' where id = $1",
        [planning],
      );
    }
  });

  it("a malformed start is a 400 naming the field, and starts nothing", async () => {
    const cookie = (await context.cookies()).find((c) => c.name === "dashboard_session");
    const before = await runCount();
    const res = await fetch(url("/dashboard/writeback"), {
      method: "POST",
      headers: {
        cookie: `dashboard_session=${cookie?.value}`,
        origin: env.stack.baseUrl,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "dry_run=maybe",
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((e) => e.field)).toEqual(["dry_run"]);
    expect(await runCount()).toBe(before);
  });

  it("fits a phone's width with a sample open, with no console errors", async () => {
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(url(`/dashboard?fresh=${Date.now()}#writeback`));
    await page.locator("#writeback details summary").first().click();
    const overflow = await page.evaluate<number>(
      "document.documentElement.scrollWidth - document.documentElement.clientWidth",
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(consoleErrors).toEqual([]);
    expect(scriptErrors).toEqual([]);
  });
});
