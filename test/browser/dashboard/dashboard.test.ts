import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deadDeliveries,
  deadDelivery,
  deadOutboxRow,
  eventually,
  failedRun,
  SECTIONS,
  storedParts,
  topCustomerEmail,
} from "../../support/browser-fixtures.ts";
import { ADMIN_KEY, type BrowserStack, startBrowserStack } from "../../support/browser-stack.ts";

const SCREENSHOTS = join(import.meta.dirname, "..", "..", "..", ".tools", "screenshots");

let env: BrowserStack;
let context: BrowserContext;
let page: Page;
/** Console errors of the signed-in pages; script errors anywhere. */
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
const headings = () => page.locator("h2").allTextContents();
async function signIn(key = ADMIN_KEY) {
  await page.goto(url("/dashboard"));
  await page.fill("input[name=key]", key);
  await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
}

describe("without a session", () => {
  it("shows only the sign-in form: no data in the page, fragments and actions refused", async () => {
    const email = await topCustomerEmail(env.db);
    expect(email).not.toBe("");
    const res = await fetch(url("/dashboard"));
    const html = await res.text();
    expect(html).toContain('type="password"');
    expect(html).not.toContain(email);
    for (const section of SECTIONS) expect(html).not.toContain(`<h2>${section}</h2>`);
    const { rows } = await env.db.query<{ id: string }>(
      "select id from customers where email = $1",
      [email],
    );
    const customer = await fetch(url(`/dashboard/customers/${rows[0]?.id}`));
    expect(await customer.text()).not.toContain(email);
    const search = await fetch(url("/dashboard/customers/search"), {
      method: "POST",
      headers: { origin: env.stack.baseUrl, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ q: email }).toString(),
      redirect: "manual",
    });
    expect(search.status).toBe(401);
    expect(await search.text()).not.toContain(email);
    const live = await fetch(url("/dashboard/live/runs"));
    expect(live.status).toBe(401);
    expect(live.headers.get("content-type")).toContain("application/problem+json");
    const runs = async () => (await env.db.query("select 1 from sync_runs")).rowCount;
    const before = await runs();
    const start = await fetch(url("/dashboard/sync/contacts"), {
      method: "POST",
      headers: { origin: env.stack.baseUrl, "content-type": "application/x-www-form-urlencoded" },
      body: "mode=full",
    });
    expect(start.status).toBe(401);
    expect(await runs()).toBe(before);
  });

  it("a wrong key gets the form again with an error, and no data", async () => {
    await signIn("not-the-key");
    expect(await page.locator("[role=alert]").textContent()).toContain("not the admin key");
    expect(await headings()).toEqual([]);
    expect(await page.content()).not.toContain(await topCustomerEmail(env.db));
    expect((await context.cookies()).filter((c) => c.name === "dashboard_session")).toEqual([]);
  });
});

describe("signed in", () => {
  beforeAll(async () => {
    // The sign-in page's 401s are logged as failed loads; only what follows must be clean.
    consoleErrors.length = 0;
    await signIn();
  });

  it("sets an HttpOnly, SameSite=Strict session cookie that does not hold the key", async () => {
    const [cookie] = (await context.cookies()).filter((c) => c.name === "dashboard_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Strict");
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000);
    expect(decodeURIComponent(cookie?.value ?? "")).not.toContain(ADMIN_KEY);
  });

  it("shows every section, with data", async () => {
    expect(await headings()).toEqual(SECTIONS);
    const html = await page.content();
    expect(html).toContain(await topCustomerEmail(env.db));
    expect(await page.locator("#charts svg").count()).toBe(4);
    expect(await page.locator("#runs [data-status=succeeded]").count()).toBeGreaterThanOrEqual(2);
  });

  it("starts a run from the page and shows it progress to the end without a reload", async () => {
    // Page code as text: the tests are type-checked without the DOM library.
    await page.evaluate("window.stayed = true");
    await page.click("[data-start=contacts-full]");
    await page.waitForSelector("#notice:has-text('Started a full contacts run')");
    const notice = (await page.locator("#notice").textContent()) ?? "";
    const id = /\(([0-9a-f-]{36})\)/.exec(notice)?.[1] ?? "";
    expect(id).not.toBe("");
    const progress = page.locator(`[data-progress="${id}"]`);
    await progress.waitFor({ timeout: 30_000 });
    expect(await progress.textContent()).toMatch(/records · [\d.,]+\/s/);
    await page.waitForSelector(`[data-run="${id}"][data-status=succeeded]`, { timeout: 90_000 });
    expect(await page.evaluate("window.stayed")).toBe(true);
  });

  it("shows a failed run with its error and failure list", async () => {
    const id = await failedRun(env.db);
    await page.goto(url(`/dashboard?fresh=${Date.now()}#runs`));
    expect(await page.locator(`[data-run="${id}"]`).getAttribute("data-status")).toBe("failed");
    const runs = (await page.locator("#runs").textContent()) ?? "";
    expect(runs).toContain("test: a page failed for good");
    expect(runs).toContain("page:0:3");
    expect(runs).toContain("test: intercom 500");
  });

  it("replays a dead delivery, and the audit log shows it without a reload", async () => {
    const { key, statusOf } = await deadDelivery(env);
    await page.goto(url(`/dashboard?fresh=${Date.now()}#deliveries`));
    await page.evaluate("window.stayed = true");
    const item = page.locator(`[data-delivery="${key}"]`);
    expect(await item.textContent()).toContain("test: retries exhausted");
    const entry = page.locator(`#audit [data-audit="webhook.replay"][data-target="${key}"]`);
    expect(await entry.count()).toBe(0);
    await item.locator("button", { hasText: "Replay" }).click();
    await page.waitForSelector("#notice:has-text('replay')");
    await entry.waitFor();
    const cells = await entry.locator("td").allTextContents();
    expect(cells.slice(1, 5)).toEqual([
      "webhook.replay",
      "ok",
      expect.stringMatching(/^session [0-9a-f]{16}$/),
      key,
    ]);
    expect(await page.evaluate("window.stayed")).toBe(true);
    expect((await eventually(statusOf, (d) => d?.status === "applied"))?.status).toBe("applied");
    await item.waitFor({ state: "detached" });
  });

  it("replays all dead deliveries of a topic with one button", async () => {
    const { topic, dead, statuses } = await deadDeliveries(env, 2);
    await page.goto(url(`/dashboard?fresh=${Date.now()}#deliveries`));
    await page.fill("#replay-topic", topic);
    await page.click("button:has-text('Replay all dead')");
    await page.waitForSelector(`#notice:has-text('Replayed ${dead} dead deliveries of ${topic}')`);
    const applied = await eventually(statuses, (s) => s.every((x) => x === "applied"));
    expect(applied).toEqual(["applied", "applied"]);
  });

  it("retries a dead outbox message", async () => {
    const { id, statusOf } = await deadOutboxRow(env);
    await page.goto(url(`/dashboard?fresh=${Date.now()}#outbox`));
    const item = page.locator(`[data-outbox="${id}"]`);
    expect(await item.textContent()).toContain("test: gave up");
    await item.locator("button", { hasText: "Retry" }).click();
    await page.waitForSelector("#notice:has-text('retry')");
    expect(await eventually(statusOf, (s) => s === "delivered")).toBe("delivered");
    await item.waitFor({ state: "detached" });
  });

  it("finds a customer by email, opens their page, then a conversation's page with its parts", async () => {
    const { rows } = await env.db.query<{ email: string }>(
      `select c.email from customers c where c.conversations_total > 0 order by c.email limit 1`,
    );
    const email = rows[0]?.email ?? "";
    await page.goto(url("/dashboard"));
    // Every address the browser asks for from here on: none may hold the email, in any form.
    const requested: string[] = [];
    const onRequest = (r: { url(): string }) => requested.push(r.url());
    page.on("request", onRequest);
    // The whole address: one customer, so the search goes straight to their page, at its id.
    await page.fill("#q", email);
    await Promise.all([
      page.waitForURL(/\/dashboard\/customers\/[0-9a-f-]{36}$/),
      page.click(".search button"),
    ]);
    const customerPage = page.url();
    // A part of the address several share: the matches are the answer's page, at the form's
    // address, without the query.
    const part = email.split("@")[1] ?? "";
    await page.goto(url("/dashboard"));
    await page.fill("#q", part);
    await Promise.all([page.waitForLoadState("load"), page.click(".search button")]);
    expect(page.url()).toBe(url("/dashboard/customers/search"));
    expect(await page.locator("h3").first().textContent()).toContain(part);
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(1);
    page.off("request", onRequest);
    const holds = (u: string, v: string) => u.includes(v) || decodeURIComponent(u).includes(v);
    expect(requested.filter((u) => holds(u, email) || holds(u, part))).toEqual([]);
    expect(requested).toContain(customerPage);
    await page.goto(customerPage);
    expect(await page.locator("h1").textContent()).toBe(email);
    expect(await page.locator("h2").allTextContents()).toContain("Conversations");
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(0);
    const link = page.locator('a[href^="/dashboard/conversations/"]').first();
    const id = decodeURIComponent((await link.getAttribute("href"))?.split("/").at(-1) ?? "");
    await Promise.all([page.waitForLoadState("load"), link.click()]);
    const parts = await storedParts(env.db, id);
    expect(parts.length).toBeGreaterThan(0);
    const shown = await page.locator("#parts tbody tr").allTextContents();
    expect(shown).toHaveLength(parts.length);
    for (const [i, body] of parts.entries()) expect(shown[i]).toContain(body);
    const gzip = gzipSync(await page.content()).length;
    console.log(`conversation page (${parts.length} parts): ${gzip} bytes gzip`);
    expect(gzip).toBeLessThan(20_000);
  });

  it("weighs little: the page, its stylesheet and its script, raw and gzip", async () => {
    const cookie = (await context.cookies()).find((c) => c.name === "dashboard_session");
    const sizes: Record<string, { raw: number; gzip: number }> = {};
    for (const path of ["/dashboard", "/dashboard/app.css", "/dashboard/app.js"]) {
      const res = await fetch(url(path), {
        headers: { cookie: `dashboard_session=${cookie?.value}` },
      });
      const body = Buffer.from(await res.arrayBuffer());
      sizes[path] = { raw: body.length, gzip: gzipSync(body).length };
    }
    const total = Object.values(sizes).reduce((sum, s) => sum + s.gzip, 0);
    console.log(`dashboard weight (bytes): ${JSON.stringify(sizes)}, ${total} gzip in all`);
    expect(sizes["/dashboard"]?.raw).toBeGreaterThan(10_000);
    // A budget, not a speed target: the whole page stays a small download.
    expect(total).toBeLessThan(40_000);
    expect(sizes["/dashboard/app.js"]?.raw).toBeLessThan(4_000);
  });

  it("refuses a form post from another origin", async () => {
    const cookie = (await context.cookies()).find((c) => c.name === "dashboard_session");
    const res = await fetch(url("/dashboard/sync/contacts"), {
      method: "POST",
      headers: {
        cookie: `dashboard_session=${cookie?.value}`,
        origin: "http://evil.example",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "mode=incremental",
    });
    expect(res.status).toBe(403);
    // Only form posts act: they are what the origin check covers.
    const json = await fetch(url("/dashboard/sync/contacts"), {
      method: "POST",
      headers: {
        cookie: `dashboard_session=${cookie?.value}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ mode: "incremental" }),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { detail: string }).detail).toMatch(/urlencoded/);
  });

  it("works at 1280 px and phone width, in light and dark, with no console errors", async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [name, width] of [
        ["desktop", 1280],
        ["phone", 390],
      ] as const) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(url("/dashboard"));
        // Nothing wider than the screen but the tables, which scroll in their own box.
        const overflow = await page.evaluate<number>(
          "document.documentElement.scrollWidth - document.documentElement.clientWidth",
        );
        expect(overflow).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: join(SCREENSHOTS, `dashboard-${name}-${scheme}.png`),
          fullPage: true,
        });
      }
    }
    // The README's picture (docs/dashboard.png is a copy): the top of the page, light mode.
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url("/dashboard"));
    await page.screenshot({ path: join(SCREENSHOTS, "dashboard-readme.png") });
    expect(consoleErrors).toEqual([]);
    expect(scriptErrors).toEqual([]);
  });

  it("signs out", async () => {
    await page.goto(url("/dashboard"));
    await Promise.all([page.waitForLoadState("load"), page.click("text=Sign out")]);
    expect(await page.locator("input[type=password]").count()).toBe(1);
    expect(await headings()).toEqual([]);
  });
});
