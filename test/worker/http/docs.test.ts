import { describe, expect, it } from "vitest";
import { DOCS_CSP } from "../../../src/http/docs/app.ts";
import { contractFetch } from "../../support/contract.ts";
import { expectStatus } from "../../support/status.ts";
import { BASE } from "../../support/webhooks.ts";

/** Every answer under /docs: scripts only from this origin, never framed, never sniffed. */
function expectLockedDown(res: Response) {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp).toBe(DOCS_CSP);
  expect(csp).toContain("script-src 'self';");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/https?:|\*|'unsafe-eval'/);
  expect(csp.match(/script-src [^;]*/)?.[0]).toBe("script-src 'self'");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
}

describe("/docs, served by the Worker alone", () => {
  it("is a page with no inline script that loads its start script from this origin", async () => {
    const res = await contractFetch(`${BASE}/docs`);
    await expectStatus(res, 200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expectLockedDown(res);
    const html = await res.text();
    expect(html).toContain('data-url="/openapi.json"');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((s) => s[1]?.trim())).toEqual(['type="module" src="/docs/init.js"']);
    expect(scripts.every((s) => s[2] === "")).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("starts the UI from the Worker's own copy, with Scalar's services turned off", async () => {
    const res = await contractFetch(`${BASE}/docs/init.js`);
    await expectStatus(res, 200);
    expect(res.headers.get("content-type")).toContain("text/javascript");
    expectLockedDown(res);
    const js = await res.text();
    expect(js).toContain('from "/docs/scalar/standalone.esm.js"');
    expect(js).toContain("withDefaultFonts: false");
    expect(js).toContain("telemetry: false");
    expect(js).not.toMatch(/https?:\/\//);
  });

  it("serves the UI's files from the static assets, with the same headers", async () => {
    const res = await contractFetch(`${BASE}/docs/scalar/standalone.esm.js`);
    await expectStatus(res, 200);
    expect(res.headers.get("content-type")).toContain("javascript");
    expectLockedDown(res);
    const js = await res.text();
    // Scalar's ES module build, the entry that the start script imports.
    expect(js).toContain("createApiReference");
    expect(js.length).toBeGreaterThan(100_000);
    // A chunk it imports by relative path is there too.
    const chunk = js.match(/from\s*["']\.\/chunks\/([^"']+\.js)["']/)?.[1];
    expect(chunk).toBeDefined();
    const chunkRes = await contractFetch(`${BASE}/docs/scalar/chunks/${chunk}`);
    await expectStatus(chunkRes, 200);
    expectLockedDown(chunkRes);
  });

  it("revalidates a file by its ETag", async () => {
    const first = await contractFetch(`${BASE}/docs/scalar/standalone.esm.js`);
    await first.arrayBuffer();
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await contractFetch(`${BASE}/docs/scalar/standalone.esm.js`, {
      headers: { "if-none-match": etag ?? "" },
    });
    await expectStatus(again, 304);
    expectLockedDown(again);
  });

  it("answers a file it does not have as a problem", async () => {
    const missing = await contractFetch(`${BASE}/docs/scalar/no-such-file.js`);
    await expectStatus(missing, 404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    expectLockedDown(missing);
  });
});
