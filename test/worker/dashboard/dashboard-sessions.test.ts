import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { workerApp } from "../../../src/app.ts";
import type { Env } from "../../../src/config/env.ts";
import { LOCAL_SESSION_SECRET } from "../../../src/config/production.ts";
import { createServices } from "../../../src/services.ts";
import { sessionTokenHash } from "../../../src/sessions/rules.ts";
import { expectInContract } from "../../support/contract.ts";
import { expectStatus } from "../../support/status.ts";
import { ADMIN_KEY, BASE } from "../../support/webhooks.ts";

/**
 * Dashboard sessions against real Postgres: sign-in stores a session, the cookie is only its
 * token, sign-out and ending all sessions revoke it for every copy of the cookie. A workspace
 * of its own, so ending "all" sessions here ends no other test's.
 */
const app = workerApp();
const workspace = `ws_sessions_${crypto.randomUUID().slice(0, 8)}`;
const testEnv = (overrides: Partial<Env> = {}) =>
  ({ ...env, INTERCOM_WORKSPACE_ID: workspace, ...overrides }) as unknown as Env;
const services = createServices(testEnv());
afterAll(() => services.close());

async function send(path: string, init: RequestInit = {}, overrides: Partial<Env> = {}) {
  const ctx = createExecutionContext();
  const res = await app.request(`${BASE}${path}`, init, testEnv(overrides), ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const form = (body: string, cookie?: string) => ({
  method: "POST",
  headers: {
    origin: BASE,
    "content-type": "application/x-www-form-urlencoded",
    "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/141.0 Safari/537.36",
    ...(cookie ? { cookie } : {}),
  },
  body,
  redirect: "manual" as const,
});

/** Signs in with the key; answers the `name=value` of the session cookie it set. */
async function signIn(overrides: Partial<Env> = {}): Promise<string> {
  const res = await send("/dashboard/sign-in", form(`key=${ADMIN_KEY}`), overrides);
  await expectStatus(res, 303);
  const cookie = res.headers.get("set-cookie") ?? "";
  expect(cookie).toMatch(/^dashboard_session=[A-Za-z0-9_-]{43};/);
  return cookie.split(";")[0] ?? "";
}

/** Whether a cookie opens the dashboard: its live fragment answers 200, else 401. */
async function opens(cookie: string, overrides: Partial<Env> = {}): Promise<boolean> {
  const res = await send("/dashboard/live/runs", { headers: { cookie } }, overrides);
  await res.arrayBuffer();
  expect([200, 401]).toContain(res.status);
  return res.status === 200;
}

const admin = { authorization: `Bearer ${ADMIN_KEY}` };
async function endAll(): Promise<number> {
  const res = await send("/v1/sessions", { method: "DELETE", headers: admin });
  await expectStatus(res, 200);
  await expectInContract("DELETE", `${BASE}/v1/sessions`, res.clone());
  return ((await res.json()) as { ended: number }).ended;
}

describe("signing in", () => {
  it("sets a cookie that is a random token only, with the same flags as before", async () => {
    const res = await send("/dashboard/sign-in", form(`key=${ADMIN_KEY}`));
    await expectStatus(res, 303);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/dashboard/);
    expect(cookie).toMatch(/Max-Age=28800/);
    const token = /^dashboard_session=([^;]+)/.exec(cookie)?.[1] ?? "";
    expect(token).not.toContain(ADMIN_KEY);
    // The table holds the token's keyed hash, a coarse origin and no address.
    const hash = await sessionTokenHash(LOCAL_SESSION_SECRET, token);
    const rows = await services.db().execute<Record<string, unknown>>(sql`
      select * from dashboard_sessions where workspace_id = ${workspace} and token_hash = ${hash}`);
    expect(rows.rows).toHaveLength(1);
    const row = rows.rows[0] ?? {};
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row).toMatchObject({ subject: "admin key", from_agent: "Chrome", revoked_at: null });
  });

  it("a wrong key starts no session", async () => {
    const res = await send("/dashboard/sign-in", form("key=wrong"));
    await expectStatus(res, 401);
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});

describe("signing out", () => {
  it("ends the session for every copy of the cookie", async () => {
    const cookie = await signIn();
    const copy = cookie;
    expect(await opens(copy)).toBe(true);
    const out = await send("/dashboard/sign-out", form("", cookie));
    await expectStatus(out, 303);
    expect(out.headers.get("set-cookie")).toMatch(/dashboard_session=;.*Max-Age=0/);
    expect(await opens(copy)).toBe(false);
    // A page with the copied cookie is the sign-in form, with no data.
    const page = await send("/dashboard", { headers: { cookie: copy } });
    const html = await page.text();
    expect(html).toContain('type="password"');
    expect(html).not.toContain("<h2>Health</h2>");
  });

  it("leaves other sessions alone", async () => {
    const mine = await signIn();
    const theirs = await signIn();
    await send("/dashboard/sign-out", form("", mine));
    expect(await opens(mine)).toBe(false);
    expect(await opens(theirs)).toBe(true);
  });
});

describe("ending every session", () => {
  it("DELETE /v1/sessions ends each live one, counts them, and needs the key", async () => {
    await endAll();
    const cookies = [await signIn(), await signIn()];
    for (const cookie of cookies) expect(await opens(cookie)).toBe(true);
    const refused = await send("/v1/sessions", { method: "DELETE" });
    await expectStatus(refused, 401);
    expect(await opens(cookies[0] ?? "")).toBe(true);
    expect(await endAll()).toBe(2);
    for (const cookie of cookies) expect(await opens(cookie)).toBe(false);
    expect(await endAll()).toBe(0);
  });

  it("the dashboard's button does the same, this browser's session included", async () => {
    const other = await signIn();
    const mine = await signIn();
    const res = await send("/dashboard/sessions/end", form("", mine));
    await expectStatus(res, 303);
    expect(await opens(mine)).toBe(false);
    expect(await opens(other)).toBe(false);
    // Not without a session.
    const anonymous = await send("/dashboard/sessions/end", form(""));
    await expectStatus(anonymous, 401);
  });
});

describe("what a session depends on", () => {
  it("rotating the admin key or the session secret ends it", async () => {
    const cookie = await signIn();
    expect(await opens(cookie)).toBe(true);
    expect(await opens(cookie, { ADMIN_API_KEY: "a-new-admin-key" })).toBe(false);
    expect(await opens(cookie, { DASHBOARD_SESSION_SECRET: "another-session-secret" })).toBe(false);
    expect(await opens(cookie)).toBe(true);
  });

  it("an expired session, another workspace's, or a row written without the secret opens nothing", async () => {
    const cookie = await signIn();
    expect(await opens(cookie, { INTERCOM_WORKSPACE_ID: `${workspace}_other` })).toBe(false);
    const token = cookie.split("=")[1] ?? "";
    const hash = await sessionTokenHash(LOCAL_SESSION_SECRET, token);
    await services.db().execute(sql`
      update dashboard_sessions set expires_at = now() - interval '1 second'
      where token_hash = ${hash}`);
    expect(await opens(cookie)).toBe(false);
    // Someone who can write the table but has not the secret: a plain hash of their token.
    const forged = "A".repeat(43);
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(forged));
    const plain = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    await services.db().execute(sql`
      insert into dashboard_sessions (token_hash, workspace_id, subject, key_mark, created_at,
        last_seen_at, expires_at)
      values (${plain}, ${workspace}, 'forger', 'x', now(), now(), now() + interval '1 hour')`);
    expect(await opens(`dashboard_session=${forged}`)).toBe(false);
  });
});
