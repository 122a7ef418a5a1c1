import { describe, expect, it } from "vitest";
import { postAdmin } from "../support/outbox.ts";
import { expectStatus } from "../support/status.ts";
import {
  atStartOfMinute,
  nowSeconds,
  postTrack,
  postTrackWith,
  storedKeys,
  uniqueAddress,
  userToken,
} from "../support/track.ts";

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

describe("POST /v1/track: budgets count events, not requests", () => {
  it("accepts 600 events a minute per user, then refuses whole requests with 429", async () => {
    await atStartOfMinute(20);
    const userId = `u_budget_${crypto.randomUUID()}`;
    const headers = await auth(userId);
    const prefix = `track:${userId}:key:`;
    for (let i = 0; i < 11; i++) {
      expect((await postTrack(batch(`a${i}`, 50), headers)).status).toBe(202);
    }
    expect((await postTrack(batch("b", 10), headers)).status).toBe(202); // 560
    const crossing = await postTrack(batch("crossing", 50), headers);
    await expectStatus(crossing, 429);
    expect((await storedKeys(`${prefix}crossing-`)).length).toBe(0);
    expect((await postTrack(batch("c", 40), headers)).status).toBe(202); // 600

    const over = await postTrack(batch("over", 1), headers);
    await expectStatus(over, 429);
    expect(over.headers.get("content-type")).toBe("application/problem+json");
    const retryAfter = Number(over.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await over.json()) as { detail: string }).detail).toMatch(/this user/);
    expect(await storedKeys(`${prefix}over-`)).toEqual([]);
    expect((await storedKeys(prefix)).length).toBe(600);
  }, 60_000);

  it("holds the limit exactly under concurrent requests, and a retry costs nothing", async () => {
    await atStartOfMinute(20);
    const userId = `u_race_${crypto.randomUUID()}`;
    const headers = await auth(userId);
    const results = await Promise.all(
      Array.from({ length: 14 }, (_, i) => postTrack(batch(`r${i}`, 50), headers)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(12);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect((await storedKeys(`track:${userId}:key:`)).length).toBe(600);
    // Resending events already stored adds no event, so it fits in a spent budget.
    const accepted = results.findIndex((r) => r.status === 202);
    const retry = await postTrack(batch(`r${accepted}`, 50), headers);
    await expectStatus(retry, 202);
    expect((await dataOf(retry)).every((a) => a.duplicate)).toBe(true);
  }, 60_000);

  it("gives an address 1,200 events a minute across its users", async () => {
    await atStartOfMinute(25);
    const address = uniqueAddress();
    const send = async (userId: string, tag: string, count: number) =>
      postTrack(batch(tag, count), {
        authorization: `Bearer ${await userToken({ user_id: userId })}`,
        "cf-connecting-ip": address,
      });
    const users = [1, 2, 3].map((n) => `u_addr_${n}_${crypto.randomUUID()}`);
    for (const [u, userId] of users.slice(0, 2).entries()) {
      for (let i = 0; i < 12; i++) expect((await send(userId, `${u}-${i}`, 50)).status).toBe(202);
    }
    const third = await send(users[2] ?? "", "x", 1);
    await expectStatus(third, 429);
    expect(((await third.json()) as { detail: string }).detail).toMatch(/client address/);
    expect(await storedKeys(`track:${users[2]}:`)).toEqual([]);
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
