import { describe, expect, it } from "vitest";
import { postAdmin } from "../../support/outbox.ts";
import { expectStatus } from "../../support/status.ts";
import {
  nowSeconds,
  postTrack,
  postTrackWith,
  storedKeys,
  uniqueAddress,
  userToken,
} from "../../support/track.ts";

interface AcceptedView {
  id: string;
  idempotency_key: string | null;
  status: string;
  duplicate: boolean;
}
const dataOf = async (res: Response) => ((await res.json()) as { data: AcceptedView[] }).data;

const auth = async (userId: string, claims: Record<string, unknown> = {}) => ({
  authorization: `Bearer ${await userToken({ user_id: userId, ...claims })}`,
  "cf-connecting-ip": uniqueAddress(),
});

const batch = (tag: string, count: number) => ({
  events: Array.from({ length: count }, (_, i) => ({
    event_name: "viewed-report",
    idempotency_key: `${tag}-${i}`,
  })),
});

describe("POST /v1/track: idempotency keys of the browser's own", () => {
  it("cannot silence the backend's event with the same key, nor learn about it", async () => {
    const userId = `u_keys_${crypto.randomUUID()}`;
    const headers = await auth(userId);
    const first = `first-${crypto.randomUUID()}`;
    const browser = await postTrack({ event_name: "clicked", idempotency_key: first }, headers);
    await expectStatus(browser, 202);
    const [mine] = await dataOf(browser);
    expect(mine).toMatchObject({ idempotency_key: first, duplicate: false });

    const backend = await postAdmin("/v1/events", {
      event_name: "clicked",
      user_id: userId,
      idempotency_key: first,
    });
    const [theirs] = await dataOf(backend);
    expect(theirs).toMatchObject({ duplicate: false, status: "pending" });
    expect(theirs?.id).not.toBe(mine?.id);

    // The other way round: a key the backend used tells the browser nothing.
    const second = `second-${crypto.randomUUID()}`;
    const [backendRow] = await dataOf(
      await postAdmin("/v1/events", {
        event_name: "paid",
        user_id: userId,
        idempotency_key: second,
      }),
    );
    const [probe] = await dataOf(
      await postTrack({ event_name: "paid", idempotency_key: second }, headers),
    );
    expect(probe).toMatchObject({ idempotency_key: second, duplicate: false, status: "pending" });
    expect(probe?.id).not.toBe(backendRow?.id);

    // Its own key repeated is still a duplicate, and says so.
    const [again] = await dataOf(
      await postTrack({ event_name: "clicked", idempotency_key: first }, headers),
    );
    expect(again).toMatchObject({ id: mine?.id, duplicate: true });
  });
});

/** A bucket drains at budget per minute: what may have left it since `since`. */
const drainedSince = (since: number, perMinute: number) =>
  Math.ceil(((Date.now() - since) / 60_000) * perMinute);

describe("POST /v1/track: budgets count events, not requests", () => {
  it("fills a user's bucket of 600 events, then refuses whole requests with 429", async () => {
    const userId = `u_budget_${crypto.randomUUID()}`;
    const headers = await auth(userId);
    const prefix = `track:${userId}:key:`;
    const started = Date.now();
    let accepted = 0;
    let refused: Response | null = null;
    // Sent far faster than the bucket drains (10 events a second): a refusal must come.
    for (let i = 0; refused === null; i++) {
      const res = await postTrack(batch(`a${i}`, 50), headers);
      if (res.status === 202) accepted += 50;
      else refused = res;
    }
    expect(accepted).toBeGreaterThanOrEqual(600);
    expect(accepted).toBeLessThanOrEqual(600 + drainedSince(started, 600));
    await expectStatus(refused, 429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const retryAfter = Number(refused.headers.get("retry-after"));
    // Room for 50 more events drains in at most 5 s.
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(5);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/this user/);
    expect((await storedKeys(prefix)).length).toBe(accepted);
  }, 60_000);

  it("holds the limit under concurrent requests, and a retry costs nothing", async () => {
    const userId = `u_race_${crypto.randomUUID()}`;
    const headers = await auth(userId);
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 14 }, (_, i) => postTrack(batch(`r${i}`, 50), headers)),
    );
    const accepted = results.filter((r) => r.status === 202).length * 50;
    expect(results.every((r) => r.status === 202 || r.status === 429)).toBe(true);
    expect(accepted).toBeGreaterThanOrEqual(600);
    expect(accepted).toBeLessThanOrEqual(600 + drainedSince(started, 600));
    // Accepted whole or not at all.
    expect((await storedKeys(`track:${userId}:key:`)).length).toBe(accepted);
    // Resending events already stored adds no event, so it fits in a full bucket.
    const first = results.findIndex((r) => r.status === 202);
    const retry = await postTrack(batch(`r${first}`, 50), headers);
    await expectStatus(retry, 202);
    expect((await dataOf(retry)).every((a) => a.duplicate)).toBe(true);
  }, 60_000);

  it("gives an address 1,200 events across its users, more than any one user's 600", async () => {
    const address = uniqueAddress();
    const send = async (userId: string, tag: string, count: number) =>
      postTrack(batch(tag, count), {
        authorization: `Bearer ${await userToken({ user_id: userId })}`,
        "cf-connecting-ip": address,
      });
    const users = [1, 2, 3].map((n) => `u_addr_${n}_${crypto.randomUUID()}`);
    const started = Date.now();
    let accepted = 0;
    let refused: Response | null = null;
    // Round robin: each user stays far below its own 600 when the address's 1,200 fill.
    for (let i = 0; refused === null; i++) {
      const res = await send(users[i % 3] ?? "", `${i}`, 50);
      if (res.status === 202) accepted += 50;
      else refused = res;
    }
    await expectStatus(refused, 429);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/client address/);
    expect(accepted).toBeGreaterThanOrEqual(1200);
    expect(accepted).toBeLessThanOrEqual(1200 + drainedSince(started, 1200));
  }, 60_000);
});

describe("POST /v1/track: tokens with a sensible life", () => {
  const event = { event_name: "viewed-report" };

  it("refuses a token that lives ten years, and time claims that are not numbers", async () => {
    const tenYears = await auth("u_life", { iat: nowSeconds(), exp: nowSeconds() + 315_360_000 });
    const res = await postTrack(event, tenYears);
    await expectStatus(res, 401);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/lives longer/);
    for (const claim of ["nbf", "iat"]) {
      const odd = await auth("u_life", { [claim]: "soon" });
      expect((await postTrack(event, odd)).status).toBe(401);
    }
    expect((await postTrack(event, await auth("u_life", { iat: nowSeconds() }))).status).toBe(202);
  });

  it("checks TRACK_JWT_ISSUER and TRACK_JWT_AUDIENCE when they are set", async () => {
    const settings = { TRACK_JWT_ISSUER: "https://app.example", TRACK_JWT_AUDIENCE: "bridge" };
    const right = await auth("u_iss", { iss: "https://app.example", aud: "bridge" });
    expect((await postTrackWith(settings, event, right)).status).toBe(202);
    const wrongIssuer = await auth("u_iss", { iss: "https://other.example", aud: "bridge" });
    expect((await postTrackWith(settings, event, wrongIssuer)).status).toBe(401);
    const noAudience = await auth("u_iss", { iss: "https://app.example" });
    expect((await postTrackWith(settings, event, noAudience)).status).toBe(401);
  });

  it("refuses the legacy user_hash when TRACK_ALLOW_USER_HASH=false", async () => {
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode("test-messenger-secret"),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode("u_legacy"));
    const userHash = Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join(
      "",
    );
    const body = { user_id: "u_legacy", user_hash: userHash, events: [event] };
    const headers = { "cf-connecting-ip": uniqueAddress() };
    expect((await postTrackWith({}, body, headers)).status).toBe(202);
    const off = await postTrackWith({ TRACK_ALLOW_USER_HASH: "false" }, body, headers);
    await expectStatus(off, 401);
    expect(((await off.json()) as { detail: string }).detail).toMatch(/TRACK_ALLOW_USER_HASH/);
  });
});

describe("event links: http and https only", () => {
  const evil = { report: { url: "javascript:alert(document.cookie)", value: "Open" } };
  const problemOf = async (res: Response) =>
    (await res.json()) as { errors: Array<{ field: string }> };

  it("refuses a javascript: link from the browser and from the backend, naming the field", async () => {
    const browser = await postTrack(
      { events: [{ event_name: "shared", metadata: evil }] },
      await auth("u_link"),
    );
    await expectStatus(browser, 422);
    expect((await problemOf(browser)).errors).toEqual([
      expect.objectContaining({ field: "events.0.metadata.report.url" }),
    ]);
    const backend = await postAdmin("/v1/events", {
      event_name: "shared",
      user_id: "u_link",
      metadata: { ...evil, report: { url: "data:text/html,<script>x</script>" } },
    });
    await expectStatus(backend, 422);
    expect(backend.headers.get("content-type")).toBe("application/problem+json");
    expect((await problemOf(backend)).errors[0]?.field).toBe("events.0.metadata.report.url");
  });
});
