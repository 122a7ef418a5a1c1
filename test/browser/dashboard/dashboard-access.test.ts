import type { BrowserContext, Cookie, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, type BrowserStack, startBrowserStack } from "../../support/browser-stack.ts";

// Who gets in: Access tokens, sessions (sign-out, a copied cookie, ending them all) and the
// failure limiter, against a stack of its own (the limiter leaves this address blocked for a
// minute, for wrong keys only).
let env: BrowserStack;

beforeAll(async () => {
  env = await startBrowserStack();
});
afterAll(async () => {
  await env?.stop();
});

const url = (path: string) => `${env.stack.baseUrl}${path}`;

describe("Cloudflare Access", () => {
  it("a verified Access token signs in without the key", async () => {
    const token = await env.accessToken({ email: "ops@example.com" });
    const res = await fetch(url("/dashboard"), { headers: { "cf-access-jwt-assertion": token } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("<h2>Health</h2>");
    expect(html).toContain("ops@example.com");
  });

  it("a token for another audience or signed by another key does not", async () => {
    for (const token of [
      await env.accessToken({ email: "ops@example.com", aud: "someone-else" }),
      await env.accessToken({ email: "ops@example.com" }, "stranger"),
    ]) {
      const res = await fetch(url("/dashboard"), { headers: { "cf-access-jwt-assertion": token } });
      const html = await res.text();
      expect(html).toContain('type="password"');
      expect(html).not.toContain("<h2>Health</h2>");
    }
  });

  it("an action by an Access identity is recorded as that identity, with no session", async () => {
    const token = await env.accessToken({ email: "ops@example.com" });
    const id = crypto.randomUUID();
    const res = await fetch(url("/dashboard/outbox/retry"), {
      method: "POST",
      headers: {
        "cf-access-jwt-assertion": token,
        origin: env.stack.baseUrl,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: `id=${id}`,
      redirect: "manual",
    });
    expect(res.status).toBe(404);
    const { rows } = await env.db.query(
      "select action, outcome, actor_kind, actor_ref from audit_events where target = $1",
      [id],
    );
    expect(rows).toEqual([
      {
        action: "outbox.retry",
        outcome: "refused",
        actor_kind: "access",
        actor_ref: "ops@example.com",
      },
    ]);
  });
});

/** A browser of its own (a context: its own cookies), signed in with the key. */
async function signedInBrowser(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(url("/dashboard"));
  await page.fill("input[name=key]", ADMIN_KEY);
  await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
  expect(await page.locator("h2").first().textContent()).toBe("Health");
  return { context, page };
}

const sessionCookie = async (context: BrowserContext): Promise<Cookie> => {
  const cookie = (await context.cookies()).find((c) => c.name === "dashboard_session");
  if (!cookie) throw new Error("no session cookie");
  return cookie;
};

/** What a page shows now: the dashboard's sections, or the sign-in form. */
async function shows(page: Page): Promise<"dashboard" | "sign-in form"> {
  await page.goto(url(`/dashboard?at=${Date.now()}`));
  if ((await page.locator("input[type=password]").count()) === 1) return "sign-in form";
  expect(await page.locator("h2").first().textContent()).toBe("Health");
  return "dashboard";
}

describe("sessions", () => {
  it("a cookie copied to another browser opens nothing once its owner signs out", async () => {
    const owner = await signedInBrowser();
    const copied = await sessionCookie(owner.context);
    const thief = await env.browser.newContext();
    await thief.addCookies([copied]);
    const thiefPage = await thief.newPage();
    expect(await shows(thiefPage)).toBe("dashboard");
    const res = await fetch(url("/dashboard"), {
      headers: { cookie: `dashboard_session=${copied.value}` },
    });
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=/);
    expect(await res.text()).toContain("<h2>Health</h2>");

    await owner.page.goto(url("/dashboard"));
    await Promise.all([
      owner.page.waitForLoadState("load"),
      owner.page.click("button:text-is('Sign out')"),
    ]);
    expect(await shows(owner.page)).toBe("sign-in form");
    expect(await shows(thiefPage)).toBe("sign-in form");
    const after = await fetch(url("/dashboard/live/runs"), {
      headers: { cookie: `dashboard_session=${copied.value}` },
    });
    expect(after.status).toBe(401);
    await owner.context.close();
    await thief.close();
  });

  it("End all sessions signs every browser out, and DELETE /v1/sessions counts what it ends", async () => {
    const first = await signedInBrowser();
    const second = await signedInBrowser();
    await first.page.goto(url("/dashboard"));
    await Promise.all([
      first.page.waitForLoadState("load"),
      first.page.click("button:text-is('End all sessions')"),
    ]);
    expect(await shows(first.page)).toBe("sign-in form");
    expect(await shows(second.page)).toBe("sign-in form");

    const third = await signedInBrowser();
    const ended = await fetch(url("/v1/sessions"), {
      method: "DELETE",
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(ended.status).toBe(200);
    expect(ended.headers.get("cache-control")).toBe("no-store");
    expect(await ended.json()).toEqual({ ended: 1 });
    expect(await shows(third.page)).toBe("sign-in form");
    for (const browser of [first, second, third]) await browser.context.close();
  });
});

// Last: it leaves this address blocked for a minute, for wrong keys.
describe("repeated wrong keys", () => {
  it("are throttled by the admin failure limiter, and the right key still signs in", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await fetch(url("/dashboard/sign-in"), {
        method: "POST",
        headers: { origin: env.stack.baseUrl, "content-type": "application/x-www-form-urlencoded" },
        body: "key=wrong",
      });
      statuses.push(res.status);
      if (res.status === 429) break;
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    // Other people's failures never lock out the right key.
    const { context } = await signedInBrowser();
    await context.close();
  });
});
