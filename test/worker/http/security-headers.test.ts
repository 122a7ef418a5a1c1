import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { workerApp } from "../../../src/app.ts";
import type { Env } from "../../../src/config/env.ts";
import { ADMIN_KEY, BASE } from "../../support/webhooks.ts";

/**
 * Headers the app sets once for every answer of a kind
 * (src/http/middleware/security-headers.ts).
 */
const app = workerApp();

async function send(path: string, init: RequestInit = {}, overrides: Partial<Env> = {}) {
  const ctx = createExecutionContext();
  const res = await app.request(`${BASE}${path}`, init, { ...env, ...overrides } as Env, ctx);
  await waitOnExecutionContext(ctx);
  await res.clone().arrayBuffer();
  return res;
}
const admin = { authorization: `Bearer ${ADMIN_KEY}` };

describe("operator answers", () => {
  it("are never stored by a cache: admin API and dashboard, successes and errors alike", async () => {
    const answers = {
      "admin 200": await send("/v1/outbox?limit=1", { headers: admin }),
      "admin 401": await send("/v1/outbox?limit=1"),
      "admin 400": await send("/v1/customers?limit=zero", { headers: admin }),
      "admin 404": await send("/v1/customers/nobody%40example.com", { headers: admin }),
      "unknown /v1 path": await send("/v1/no-such-thing", { headers: admin }),
      "dashboard form": await send("/dashboard"),
      "dashboard 401": await send("/dashboard/live/runs"),
      "dashboard 404": await send("/dashboard/no-such-page/x"),
      "broken configuration": await send("/v1/outbox", { headers: admin }, { ADMIN_API_KEY: "" }),
    };
    const statuses = Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, r.status]));
    expect(statuses).toMatchObject({
      "admin 200": 200,
      "admin 401": 401,
      "admin 400": 400,
      "admin 404": 404,
      "unknown /v1 path": 404,
      "dashboard 401": 401,
      "broken configuration": 500,
    });
    for (const [what, res] of Object.entries(answers))
      expect(res.headers.get("cache-control"), what).toBe("no-store");
  });

  it("leave the dashboard's stylesheet and script cacheable: they hold no data", async () => {
    const css = await send("/dashboard/app.css");
    expect(css.headers.get("cache-control")).toBe("public, max-age=300");
  });
});

describe("HTML answers", () => {
  it("carry HSTS and refuse framing, wherever they come from", async () => {
    for (const path of ["/dashboard", "/docs"]) {
      const res = await send(path);
      expect(res.headers.get("content-type"), path).toMatch(/^text\/html/);
      expect(res.headers.get("strict-transport-security"), path).toMatch(/^max-age=\d{8}/);
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
  });

  it("keep the dashboard's own CSP whole", async () => {
    const res = await send("/dashboard");
    expect(res.headers.get("content-security-policy")).toMatch(
      /^default-src 'none'; script-src 'self'/,
    );
  });

  it("are the only ones: JSON answers carry no frame or HSTS headers", async () => {
    const res = await send("/health");
    expect(res.headers.get("x-frame-options")).toBeNull();
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});
