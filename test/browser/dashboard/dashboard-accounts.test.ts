import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/client.ts";
import * as schema from "../../../src/db/schema/index.ts";
import { changeMrr, seedAccounts } from "../../support/account-fixtures.ts";
import {
  ADMIN_KEY,
  type BrowserStack,
  startBrowserStack,
  WORKSPACE_ID,
} from "../../support/browser-stack.ts";

const SCREENSHOTS = join(import.meta.dirname, "..", "..", "..", ".tools", "screenshots");

let env: BrowserStack;
let pool: pg.Pool;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const scriptErrors: string[] = [];
const tag = crypto.randomUUID().slice(0, 6);
const NAMES = {
  big: `Hooli ${tag}`,
  troubled: `Pied Piper ${tag}`,
  small: `Aviato ${tag}`,
};
let made: Awaited<ReturnType<typeof seedAccounts>> = [];

beforeAll(async () => {
  env = await startBrowserStack();
  pool = new pg.Pool({ connectionString: env.stack.vars.DATABASE_URL, max: 2 });
  const db = drizzle({ client: pool, schema }) as unknown as Database;
  made = await seedAccounts(db, WORKSPACE_ID, [
    {
      name: NAMES.big,
      companyId: `hooli-${tag}`,
      plan: "enterprise",
      people: [
        { name: "Gavin", mrr: 4000 },
        { name: "Denpok", mrr: 1000 },
        { name: "Lead", role: "lead" },
      ],
    },
    {
      name: NAMES.troubled,
      companyId: `piper-${tag}`,
      people: [{ name: "Richard", mrr: 700, delinquent: true, cancelIntent: true }],
    },
    { name: NAMES.small, companyId: `aviato-${tag}`, people: [{ name: "Erlich", mrr: 10 }] },
  ]);
  // Gavin's MRR falls: Hooli's falls by more than half, an alert on the account.
  await changeMrr(db, WORKSPACE_ID, { id: made[0]?.id ?? "" }, made[0]?.people[0]?.email ?? "", 1);
  // And an alert on a customer, to follow from the Alerts section.
  await pool.query(
    `insert into alerts (workspace_id, email, kind, change_key, message)
     values ($1, $2, 'high_value', $3, 'Denpok is now high value')`,
    [WORKSPACE_ID, made[0]?.people[1]?.email, `browser-${tag}`],
  );
  context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => scriptErrors.push(String(e)));
});
afterAll(async () => {
  await pool?.end();
  await env?.stop();
});

const url = (path: string) => `${env.stack.baseUrl}${path}`;
const accountPath = (i: number) => `/dashboard/accounts/${made[i]?.id}`;
const rowsOf = (where: string) => page.locator(`${where} tbody tr`).allTextContents();

describe("accounts without a session", () => {
  it("show the sign-in form and no account data", async () => {
    for (const path of ["/dashboard/accounts", `/dashboard/accounts?q=${tag}`, accountPath(0)]) {
      const html = await (await fetch(url(path))).text();
      expect(html, path).toContain('type="password"');
      expect(html, path).not.toContain(tag);
    }
  });
});

describe("accounts, signed in", () => {
  beforeAll(async () => {
    await page.goto(url("/dashboard"));
    await page.fill("input[name=key]", ADMIN_KEY);
    await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
    consoleErrors.length = 0;
  });

  it("are a page of their own, linked from the navigation: at risk and high value", async () => {
    await Promise.all([
      page.waitForURL(/\/dashboard\/accounts$/),
      page.click("nav >> text=accounts"),
    ]);
    expect(await page.locator("h1").textContent()).toBe("Accounts");
    const risky = (await rowsOf("#accounts-at-risk")).join("\n");
    expect(risky).toContain(NAMES.troubled);
    expect(risky).toMatch(/40 at risk/);
    expect(risky).not.toContain(NAMES.big);
    const valuable = await rowsOf("#accounts-high-value");
    const ours = valuable.filter((r) => r.includes(tag));
    // Most MRR first: Hooli $1,001, Pied Piper $700; Aviato is not high value.
    expect(ours.map((r) => (r.includes(NAMES.big) ? "big" : "troubled"))).toEqual([
      "big",
      "troubled",
    ]);
    expect(ours[0]).toContain("$1,001");
  });

  it("finds accounts by part of a name, or by company id", async () => {
    await page.goto(url("/dashboard/accounts"));
    await page.fill("#account-q", tag.toUpperCase());
    await Promise.all([page.waitForLoadState("load"), page.click(".search button")]);
    expect(page.url()).toContain(`q=${tag.toUpperCase()}`);
    const found = await rowsOf("#account-search");
    expect(found.map((r) => r.split(tag)[0]?.trim())).toEqual(["Hooli", "Pied Piper", "Aviato"]);
    await page.fill("#account-q", `aviato-${tag}`);
    await Promise.all([page.waitForLoadState("load"), page.click(".search button")]);
    expect(await rowsOf("#account-search")).toEqual([expect.stringContaining(NAMES.small)]);
    await page.goto(url(`/dashboard/accounts?q=nothing-${tag}`));
    expect(await page.locator("#account-search").textContent()).toContain("No account matches.");
  });

  it("shows an account's figures, its people and its alerts", async () => {
    await page.goto(url(`/dashboard/accounts?q=${tag}`));
    await Promise.all([
      page.waitForURL(/\/dashboard\/accounts\/cmp_/),
      page.click(`#account-search a:has-text("${NAMES.big}")`),
    ]);
    expect(await page.locator("h1").textContent()).toBe(NAMES.big);
    const facts = (await page.locator("dl.facts").textContent()) ?? "";
    expect(facts).toContain(`hooli-${tag}`);
    expect(facts).toMatch(/MRR\$1,001/);
    expect(facts).toMatch(/Previous MRR\$5,000/);
    const people = await rowsOf("#people");
    expect(people.map((r) => r.split(/user|lead/)[0])).toEqual([
      expect.stringContaining("Denpok"),
      expect.stringContaining("Gavin"),
      expect.stringContaining("Lead"),
    ]);
    expect(await page.locator("#account-alerts [data-alert=mrr_change]").textContent()).toMatch(
      /MRR changed -80%/,
    );
    const gzip = gzipSync(await page.content()).length;
    console.log(`account page (3 people, 1 alert): ${gzip} bytes gzip`);
    expect(gzip).toBeLessThan(20_000);
  });

  it("goes from an account to a person's customer page, and back through its accounts", async () => {
    await page.goto(url(accountPath(0)));
    await Promise.all([
      page.waitForURL(/\/dashboard\/customers\/[0-9a-f-]{36}$/),
      page.click(`#people a:has-text("${made[0]?.people[1]?.email}")`),
    ]);
    expect(await page.locator("h1").textContent()).toBe(made[0]?.people[1]?.email);
    const accounts = page.locator("#customer-accounts a");
    expect(await accounts.allTextContents()).toEqual([NAMES.big]);
    await Promise.all([page.waitForURL(url(accountPath(0))), accounts.first().click()]);
    expect(await page.locator("h1").textContent()).toBe(NAMES.big);
  });

  it("links alerts to their subject's page: an account by its id, a customer by the record's id", async () => {
    await page.goto(url("/dashboard#alerts"));
    const account = page.locator(`#alerts a:has-text("account ${NAMES.big}")`);
    expect(await account.getAttribute("href")).toBe(accountPath(0));
    const customer = page.locator(`#alerts a:has-text("${made[0]?.people[1]?.email}")`);
    const href = (await customer.getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/dashboard\/customers\/[0-9a-f-]{36}$/);
    await Promise.all([page.waitForURL(url(href)), customer.click()]);
    expect(await page.locator("h1").textContent()).toBe(made[0]?.people[1]?.email);
    // No link of the Alerts section holds an email.
    await page.goto(url("/dashboard#alerts"));
    expect(await page.locator('#alerts a[href*="@"]').count()).toBe(0);
    expect(await page.locator('#alerts a[href^="/dashboard/customers/"]').count()).toBeGreaterThan(
      0,
    );
  });

  it("answers an unknown account with 404", async () => {
    const cookie = (await context.cookies()).find((c) => c.name === "dashboard_session");
    const res = await fetch(url(`/dashboard/accounts/nobody-${tag}`), {
      headers: { cookie: `dashboard_session=${cookie?.value}` },
    });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(tag);
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
        for (const [which, path] of [
          ["accounts", "/dashboard/accounts"],
          ["account", accountPath(0)],
        ] as const) {
          await page.goto(url(path));
          const overflow = await page.evaluate<number>(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth",
          );
          expect(overflow, `${which} at ${width} px`).toBeLessThanOrEqual(0);
          await page.screenshot({
            path: join(SCREENSHOTS, `${which}-${name}-${scheme}.png`),
            fullPage: true,
          });
        }
      }
    }
    expect(consoleErrors).toEqual([]);
    expect(scriptErrors).toEqual([]);
  });
});
