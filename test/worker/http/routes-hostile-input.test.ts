import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { sign } from "hono/jwt";
import { afterAll, describe, expect, it } from "vitest";
import { workerApp } from "../../../src/app.ts";
import type { Env } from "../../../src/config/env.ts";
import { createServices } from "../../../src/services.ts";
import { signIntercomBody } from "../../../src/webhooks/signature.ts";
import { expectInContract } from "../../support/contract.ts";
import { ADMIN_KEY, BASE, CLIENT_SECRET } from "../../support/webhooks.ts";

/**
 * Random and hostile input at every route the app has (read from the app itself, so a new
 * route is covered without touching this file): odd encodings, huge numbers, unicode, nulls,
 * arrays where objects are expected, broken JSON, wrong content types. Whatever comes in, the
 * answer is never a 500, every error is problem+json, every answer is in the contract for its
 * status, and a refused request stores nothing.
 */
const RUNS_PER_ROUTE = 100;
// The Worker's whole app: the JSON API and the dashboard's pages.
const app = workerApp();
const workspace = `ws_hostile_${crypto.randomUUID().slice(0, 8)}`;
const testEnv = { ...env, INTERCOM_WORKSPACE_ID: workspace } as unknown as Env;
const runId = crypto.randomUUID().slice(0, 8);
const refused: string[] = [];
let counter = 0;
let requests = 0;
let unsendable = 0;

const routes = app.routes
  .filter((r) => r.method !== "ALL")
  .map((r) => ({ method: r.method, path: r.path }))
  .filter((r, i, all) => all.findIndex((o) => o.method === r.method && o.path === r.path) === i);

const hostileText = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "%",
    "%25",
    "%00",
    "%E0%A4%A",
    "%C0%AF",
    "..%2F..%2Fetc",
    "\u0000",
    "\uD800",
    "😀",
    "a".repeat(5000),
    "' or 1=1 --",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "1e309",
    "-1",
    "NaN",
    "9007199254740993",
    "[object Object]",
  ),
);
const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 2 ** 63, -0, 0.1, 2 ** 53 + 2),
);
const FIELDS = [
  "event_name",
  "user_id",
  "email",
  "id",
  "mode",
  "since",
  "until",
  "hours_back",
  "metadata",
  "created_at",
  "body",
  "subject",
  "type",
  "name",
  "events",
  "idempotency_key",
  "admin_id",
  "signed_up_at",
  "plan",
  "topic",
  "data",
];
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    hostileText,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string()), tie("value"), {
      maxKeys: 5,
    }),
  ),
})).value;
const hostileBody = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 8 }).map(JSON.stringify),
  hostileValue.map(JSON.stringify),
  fc.jsonValue().map(JSON.stringify),
  hostileText,
  fc.constant(""),
  fc.constant("{"),
  fc.constant('{"a":'.repeat(2000)),
);
type HostileRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;
const request = fc.record({
  params: fc.array(hostileText, { minLength: 3, maxLength: 3 }),
  encodeParams: fc.boolean(),
  query: fc.array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom("limit", "cursor", "status", "email", "kind", "topic", "at_risk"),
        fc.string(),
      ),
      hostileText,
    ),
    { maxLength: 4 },
  ),
  body: hostileBody,
  contentType: fc.constantFrom(
    "application/json",
    "text/plain",
    "",
    "application/json; charset=utf-16",
    "multipart/form-data; boundary=x",
  ),
  auth: fc.constantFrom("admin", "none", "garbage", "browser"),
  signWebhook: fc.boolean(),
});

function urlFor(path: string, input: HostileRequest) {
  let i = 0;
  const filled = path.replace(/:[A-Za-z_]+/g, () => {
    const raw = input.params[i++ % 3] ?? "";
    return input.encodeParams ? encodeURIComponent(raw) : raw.replace(/[/?#]/g, "");
  });
  const query = new URLSearchParams(input.query);
  return `${BASE}${filled}?${query.toString()}`;
}

async function send(route: { method: string; path: string }, input: HostileRequest) {
  const marker = `hostile-${runId}-${++counter}-`;
  // Each request from an address of its own: the failed-admin throttle is tested elsewhere.
  const headers: Record<string, string> = { "idempotency-key": marker, "cf-connecting-ip": marker };
  if (input.contentType) headers["content-type"] = input.contentType;
  if (input.auth === "admin") headers.authorization = `Bearer ${ADMIN_KEY}`;
  if (input.auth === "garbage") headers.authorization = `Bearer ${"x".repeat(300)}%ff`;
  if (input.auth === "browser") {
    const token = await sign(
      { user_id: `${marker}u`, exp: Math.floor(Date.now() / 1000) + 300 },
      "test-messenger-secret",
    );
    headers.authorization = `Bearer ${token}`;
    headers.origin = "http://localhost:5173";
  }
  const hasBody = !["GET", "HEAD"].includes(route.method);
  const body = hasBody ? input.body.replace(/^\{/, `{"probe":"${marker}",`) : undefined;
  if (hasBody && route.path.startsWith("/webhooks/") && input.signWebhook)
    headers["x-hub-signature"] = await signIntercomBody(body ?? "", CLIENT_SECRET);
  let url: string;
  try {
    url = urlFor(route.path, input).replace("?", `?probe=${marker}&`);
    new URL(url);
  } catch {
    unsendable += 1;
    return;
  }
  const ctx = createExecutionContext();
  const res = await app.request(url, { method: route.method, headers, body }, testEnv, ctx);
  await waitOnExecutionContext(ctx);
  requests += 1;
  const text = await res.clone().text();
  expect(
    res.status,
    `${route.method} ${url} answered ${res.status}: ${text.slice(0, 300)}`,
  ).toBeLessThan(500);
  if (res.status >= 400) refused.push(marker);
  // The dashboard answers people in HTML (its own browser tests check those pages); only the
  // JSON API is bound by the contract and by problem+json.
  if (route.path.startsWith("/dashboard")) return;
  // Whatever came in, the answer is one the contract documents for that status.
  await expectInContract(route.method, url, res);
  if (res.status >= 400) {
    if (route.method === "HEAD") return;
    expect(
      res.headers.get("content-type"),
      `${route.method} ${url}: ${text.slice(0, 200)}`,
    ).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(text) as { status: number; title: string };
    expect(problem.status).toBe(res.status);
    expect(typeof problem.title).toBe("string");
  }
}

describe("hostile input at every route", () => {
  it("finds the app's routes", () => {
    expect(routes.length).toBeGreaterThan(15);
  });

  for (const route of routes) {
    it(`${route.method} ${route.path}: never a 500; API errors are problem+json`, async () => {
      await fc.assert(
        fc.asyncProperty(request, (input) => send(route, input)),
        { numRuns: RUNS_PER_ROUTE },
      );
    }, 120_000);
  }

  afterAll(async () => {
    // A refused request left no trace: its marker is in no text or jsonb column of any table.
    const services = createServices(testEnv);
    try {
      const db = services.db();
      const columns = await db.execute<{ table_name: string; column_name: string }>(sql`
        select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'jsonb', 'json', 'character varying')`);
      const refusedSet = new Set(refused);
      const found: string[] = [];
      for (const { table_name, column_name } of columns.rows) {
        const hits = await db.execute<{ value: string }>(
          sql`select ${sql.identifier(column_name)}::text as value from ${sql.identifier(table_name)}
              where ${sql.identifier(column_name)}::text like ${`%hostile-${runId}-%`}`,
        );
        for (const row of hits.rows)
          for (const marker of row.value.match(new RegExp(`hostile-${runId}-\\d+-`, "g")) ?? [])
            if (refusedSet.has(marker)) found.push(`${table_name}.${column_name}: ${marker}`);
      }
      console.log(
        `hostile input: ${requests} requests (${unsendable} inputs no client could send), ${refused.length} refused, ${routes.length} routes`,
      );
      expect(found).toEqual([]);
    } finally {
      await services.close();
    }
  });
});
