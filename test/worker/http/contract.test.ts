import { hc } from "hono/client";
import { describe, expect, it } from "vitest";
import { type AppType, buildApp } from "../../../src/http/app.ts";
import { contractDocument, contractFetch } from "../../support/contract.ts";
import { expectStatus } from "../../support/status.ts";
import { ADMIN_KEY, BASE } from "../../support/webhooks.ts";

const OUTSIDE_CONTRACT = new Set(["/openapi.json", "/docs", "/__bench/noop"]);
/** The dashboard and the docs are for people (docs/dashboard.md "Dashboard"), not part of the JSON contract. */
const outside = (path: string) =>
  OUTSIDE_CONTRACT.has(path) || path.startsWith("/dashboard") || path.startsWith("/docs/");
const template = (honoPath: string) => honoPath.replace(/:([^/]+)/g, "{$1}");

describe("the contract", () => {
  it("is served at GET /openapi.json without a key, as OpenAPI 3.1", async () => {
    const res = await contractFetch(`${BASE}/openapi.json`);
    await expectStatus(res, 200);
    const document = (await res.json()) as { openapi: string; info: { title: string } };
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.title).toBe("intercom-bridge");
  });

  it("documents every route the app has, and only those", async () => {
    const document = await contractDocument();
    const routes = buildApp()
      .routes.filter((r) => r.method !== "ALL" && !outside(r.path))
      .map((r) => `${r.method.toLowerCase()} ${template(r.path)}`);
    // Hono answers HEAD with the GET route; the document names it where Intercom sends it.
    routes.push("head /webhooks/intercom");
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(new Set(documented)).toEqual(new Set(routes));
  });

  it("declares the admin bearer scheme on every /v1 route but the browser's", async () => {
    const document = (await contractDocument()) as unknown as {
      paths: Record<string, Record<string, { security?: unknown[]; responses: object }>>;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    };
    expect(document.components.securitySchemes.adminKey).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const admin = path.startsWith("/v1/") && path !== "/v1/track";
        expect(operation.security ?? [], `${method} ${path}`).toEqual(
          admin ? [{ adminKey: [] }] : path === "/v1/track" ? [{ messengerJwt: [] }, {}] : [],
        );
        if (admin) expect(Object.keys(operation.responses), `${method} ${path}`).toContain("401");
      }
    }
  });

  it("answers every error as problem+json in the document", async () => {
    const document = (await contractDocument()) as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
    };
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) < 400 || (path.endsWith("health") && status === "503")) continue;
          expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual([
            "application/problem+json",
          ]);
        }
      }
    }
  });

  it("has an interactive page at GET /docs that reads /openapi.json", async () => {
    const res = await contractFetch(`${BASE}/docs`);
    await expectStatus(res, 200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("/openapi.json");
  });
});

describe("the typed client (hc<AppType>)", () => {
  const client = hc<AppType>(BASE, {
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      contractFetch(input instanceof Request ? input : String(input), init),
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });

  it("reads typed answers with no generated code", async () => {
    const res = await client.v1.customers.$get({ query: { limit: "2" } });
    await expectStatus(res, 200);
    if (res.status !== 200) return;
    const page = await res.json();
    expect(Array.isArray(page.data)).toBe(true);
    expect(page.next_cursor === null || typeof page.next_cursor === "string").toBe(true);
  });

  it("reads accounts typed, and a typed 404 for an unknown one", async () => {
    const res = await client.v1.accounts.$get({ query: { at_risk: "true", limit: "2" } });
    await expectStatus(res, 200);
    if (res.status !== 200) return;
    const page = await res.json();
    for (const account of page.data) expect(account.at_risk).toBe(true);
    const one = await client.v1.accounts[":company_id"].$get({
      param: { company_id: `none-${crypto.randomUUID()}` },
    });
    await expectStatus(one, 404);
    if (one.status !== 404) return;
    expect((await one.json()).status).toBe(404);
  });

  it("sends typed writes", async () => {
    const res = await client.v1.messages.$post({
      json: { user_id: `u_hc_${crypto.randomUUID()}`, type: "inapp", body: "Hello from hc" },
    });
    await expectStatus(res, 202);
    if (res.status !== 202) return;
    const accepted = await res.json();
    expect(accepted.data[0]?.duplicate).toBe(false);
  });

  it("gets a typed problem for bad input", async () => {
    const res = await client.v1.sync.runs[":id"].$get({ param: { id: "not-a-uuid" } });
    await expectStatus(res, 400);
    if (res.status !== 400) return;
    const problem = await res.json();
    expect(problem.errors?.[0]?.field).toBe("id");
  });
});
