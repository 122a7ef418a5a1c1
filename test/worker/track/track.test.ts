import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { contractFetch } from "../../support/contract.ts";
import { expectStatus } from "../../support/status.ts";
import { BASE } from "../../support/webhooks.ts";

const SECRET = "test-messenger-secret";
const ORIGIN = "http://localhost:5173";
const now = () => Math.floor(Date.now() / 1000);

function track(body: unknown, headers: Record<string, string> = {}) {
  return contractFetch(`${BASE}/v1/track`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const token = (payload: Record<string, unknown>, secret = SECRET) =>
  sign({ exp: now() + 300, ...payload }, secret, "HS256");

const b64 = (o: unknown) =>
  btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

async function hmacHex(secret: string, text: string) {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
}

const event = { event_name: "viewed-report" };

describe("POST /v1/track: who may send events for whom", () => {
  it("accepts a valid Messenger token and records the event for its user", async () => {
    const res = await track(
      { events: [event] },
      { authorization: `Bearer ${await token({ user_id: "u_track_1" })}` },
    );
    await expectStatus(res, 202);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("accepts the legacy user_id + user_hash pair", async () => {
    const res = await track({
      user_id: "u_track_2",
      user_hash: await hmacHex(SECRET, "u_track_2"),
      events: [event],
    });
    await expectStatus(res, 202);
  });

  it("rejects a wrong user_hash", async () => {
    const res = await track({
      user_id: "u_track_2",
      user_hash: await hmacHex("other", "u_track_2"),
      events: [event],
    });
    await expectStatus(res, 401);
  });

  it("rejects a forged signature", async () => {
    const valid = await token({ user_id: "u1" });
    const [h, , s] = valid.split(".");
    const forged = `${h}.${b64({ user_id: "admin", exp: now() + 300 })}.${s}`;
    expect((await track(event, { authorization: `Bearer ${forged}` })).status).toBe(401);
  });

  it("rejects an expired token", async () => {
    const expired = await token({ user_id: "u1", exp: now() - 3600 });
    const res = await track(event, { authorization: `Bearer ${expired}` });
    await expectStatus(res, 401);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/expired/);
  });

  it("rejects alg: none", async () => {
    const none = `${b64({ alg: "none", typ: "JWT" })}.${b64({ user_id: "u1", exp: now() + 300 })}.`;
    expect((await track(event, { authorization: `Bearer ${none}` })).status).toBe(401);
  });

  it("rejects another algorithm and another secret", async () => {
    const hs512 = await sign({ user_id: "u1", exp: now() + 300 }, SECRET, "HS512");
    expect((await track(event, { authorization: `Bearer ${hs512}` })).status).toBe(401);
    const wrong = await token({ user_id: "u1" }, "not-the-secret");
    expect((await track(event, { authorization: `Bearer ${wrong}` })).status).toBe(401);
  });

  it("rejects a token without user_id or without exp", async () => {
    expect(
      (await track(event, { authorization: `Bearer ${await token({ email: "a@b.c" })}` })).status,
    ).toBe(401);
    const noExp = await sign({ user_id: "u1" }, SECRET, "HS256");
    expect((await track(event, { authorization: `Bearer ${noExp}` })).status).toBe(401);
  });

  it("refuses events claiming another user than the token proves", async () => {
    const auth = { authorization: `Bearer ${await token({ user_id: "u_alice" })}` };
    expect((await track({ events: [{ ...event, user_id: "u_bob" }] }, auth)).status).toBe(403);
    expect((await track({ user_id: "u_bob", events: [event] }, auth)).status).toBe(403);
    expect((await track({ events: [{ ...event, email: "bob@example.com" }] }, auth)).status).toBe(
      403,
    );
  });

  it("refuses nothing-proven requests whatever the body says", async () => {
    expect((await track({ user_id: "u_bob", events: [event] })).status).toBe(401);
  });

  it("refuses a body over 32 KB with 413", async () => {
    const auth = { authorization: `Bearer ${await token({ user_id: "u1" })}` };
    const res = await track(
      { events: [{ ...event, metadata: { blob: "x".repeat(40_000) } }] },
      auth,
    );
    await expectStatus(res, 413);
  });

  it("refuses other origins, preflight included", async () => {
    const auth = { authorization: `Bearer ${await token({ user_id: "u1" })}` };
    const res = await track({ events: [event] }, { ...auth, origin: "https://evil.example" });
    await expectStatus(res, 403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await contractFetch(`${BASE}/v1/track`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    await expectStatus(preflight, 403);
    const allowed = await contractFetch(`${BASE}/v1/track`, {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "POST" },
    });
    await expectStatus(allowed, 204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });
  // Budgets (events per user and per address, 429 + Retry-After): track-security.test.ts.
});
