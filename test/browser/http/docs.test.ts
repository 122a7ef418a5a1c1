import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../scripts/dev/free-port.ts";
import { trackFolder, untrackFolder } from "../../../scripts/dev/leftovers.ts";
import { type LocalStack, startLocalStack } from "../../../scripts/dev/stack.ts";
import { DOCS_CSP } from "../../../src/http/docs/app.ts";
import { launchChromium } from "../../support/browser-stack.ts";

// /docs in a real Chromium against wrangler dev (its real static-assets routing), with every
// request to another origin refused: the page must render from this Worker alone.
const SCREENSHOTS = join(import.meta.dirname, "..", "..", "..", ".tools", "screenshots");

let stack: LocalStack;
let browser: Browser;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const folder = await mkdtemp(join(tmpdir(), "intercom-bridge-docs-"));
  trackFolder(folder);
  stops.push(async () => {
    await rm(folder, { recursive: true, force: true });
    untrackFolder(folder);
  });
  stack = await startLocalStack({
    port: await freePort(),
    dataDir: join(folder, "postgres"),
    temporaryData: true,
    vars: {
      INTERCOM_CLIENT_SECRET: "docs-client-secret",
      ADMIN_API_KEY: "docs-admin-key",
      LOG_LEVEL: "warn",
    },
    wranglerOutput: "ignore",
    wranglerArgs: ["--log-level", "warn"],
  });
  stops.push(() => stack.stop());
  const chromium = await launchChromium();
  browser = chromium.browser;
  stops.push(chromium.stop);
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
});

interface Visit {
  page: Page;
  /** Every request the page made, and those to another origin (each refused). */
  requests: string[];
  elsewhere: string[];
  /** What the CSP refused, as the page's `securitypolicyviolation` events saw it. */
  violations: Array<{ directive: string; blocked: string }>;
  /** Security headers of each answer from this origin, by path. */
  headers: Map<string, { csp: string | undefined; nosniff: string | undefined }>;
  errors: string[];
}

async function visitDocs(colorScheme: "light" | "dark"): Promise<Visit> {
  const origin = new URL(stack.baseUrl).origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
  stops.push(() => context.close());
  const visit: Visit = {
    page: await context.newPage(),
    requests: [],
    elsewhere: [],
    violations: [],
    headers: new Map(),
    errors: [],
  };
  // The whole context, so workers' and iframes' requests are caught too.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    visit.requests.push(url);
    if (new URL(url).origin === origin) return route.continue();
    visit.elsewhere.push(url);
    return route.abort("blockedbyclient");
  });
  await context.exposeFunction("reportViolation", (directive: string, blocked: string) => {
    visit.violations.push({ directive, blocked });
  });
  // A string, run in the page before its own scripts (this file has no DOM types).
  await context.addInitScript(
    `document.addEventListener("securitypolicyviolation", (e) => reportViolation(e.effectiveDirective, e.blockedURI));`,
  );
  const { page } = visit;
  page.on("response", (res) => {
    const url = new URL(res.url());
    if (url.origin !== origin) return;
    const headers = res.headers();
    visit.headers.set(url.pathname, {
      csp: headers["content-security-policy"],
      nosniff: headers["x-content-type-options"],
    });
  });
  page.on("console", (m) => {
    if (m.type() === "error") visit.errors.push(m.text());
  });
  page.on("pageerror", (e) => visit.errors.push(String(e)));
  await page.goto(`${stack.baseUrl}/docs`);
  return visit;
}

describe("/docs with no other origin reachable", () => {
  it("renders the API reference from this origin only", async () => {
    const visit = await visitDocs("light");
    const { page } = visit;
    expect(await page.title()).toBe("intercom-bridge API");
    // The document's title and an operation of ours, rendered by the UI from /openapi.json.
    await page.getByRole("heading", { name: "intercom-bridge", exact: true }).first().waitFor();
    await page
      .getByText("The operator's health: backlogs, latest runs, the database's error cause")
      .first()
      .waitFor();
    await page.getByText("Contacts", { exact: true }).first().waitFor();
    // Our settings took: the parts that talk to Scalar's services are not on the page.
    expect(await page.getByText("Ask AI").count()).toBe(0);
    expect(await page.getByText("Deploy API").count()).toBe(0);
    await page.waitForLoadState("networkidle");
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "docs.png") });

    expect(visit.elsewhere).toEqual([]);
    const paths = visit.requests.map((url) => new URL(url).pathname);
    expect(paths).toContain("/openapi.json");
    expect(paths).toContain("/docs/scalar/standalone.esm.js");
    // Through wrangler dev's real assets routing, the UI's files too carry the Worker's headers:
    // the Worker runs first (run_worker_first), nothing is served around it.
    const docsAnswers = [...visit.headers].filter(([path]) => path.startsWith("/docs"));
    expect(docsAnswers.length).toBeGreaterThan(3);
    for (const [path, headers] of docsAnswers) {
      expect(headers, path).toEqual({ csp: DOCS_CSP, nosniff: "nosniff" });
    }
    // Nothing refused but zod's probe for eval (it falls back without it): no script, style,
    // font or image from anywhere else was even attempted.
    expect(visit.violations.filter((v) => v.blocked !== "eval")).toEqual([]);
    expect(visit.errors).toEqual([]);
  });

  it("sends a request to this API from the page (try it), and nowhere else", async () => {
    const visit = await visitDocs("light");
    const { page } = visit;
    await page
      .getByRole("button", { name: /Test Request/ })
      .first()
      .click();
    const [answer] = await Promise.all([
      page.waitForResponse((res) => new URL(res.url()).pathname === "/health"),
      page
        .getByRole("button", { name: /Send get request to \/health/ })
        .first()
        .click(),
    ]);
    expect(answer.url()).toBe(`${stack.baseUrl}/health`);
    expect(answer.status()).toBe(200);
    await page.getByText("200 OK").first().waitFor();
    expect(visit.elsewhere).toEqual([]);
    expect(visit.violations.filter((v) => v.blocked !== "eval")).toEqual([]);
    expect(visit.errors).toEqual([]);
  });

  it("renders in dark mode too", async () => {
    const visit = await visitDocs("dark");
    await visit.page
      .getByRole("heading", { name: "intercom-bridge", exact: true })
      .first()
      .waitFor();
    await visit.page.waitForLoadState("networkidle");
    await visit.page.screenshot({ path: join(SCREENSHOTS, "docs-dark.png") });
    expect(visit.elsewhere).toEqual([]);
    expect(visit.errors).toEqual([]);
  });
});
