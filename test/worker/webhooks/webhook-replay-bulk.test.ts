import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createServices } from "../../../src/services.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { deliveryFrom } from "../../../src/webhooks/envelope.ts";
import {
  type DeliveryRef,
  markDead,
  markDeliveries,
  storeDeliveries,
} from "../../../src/webhooks/inbox.ts";
import type { WebhookMessage } from "../../../src/webhooks/messages.ts";
import { replayDeliveries } from "../../../src/webhooks/replay-bulk.ts";
import { sweepStrandedDeliveries } from "../../../src/webhooks/sweep.ts";
import { eventually } from "../../support/eventually.ts";
import { postAdmin } from "../../support/outbox.ts";
import { expectStatus } from "../../support/status.ts";
import {
  ADMIN_KEY,
  admin,
  BASE,
  CONFIGURED_WORKSPACE,
  deliveriesByKey,
  getContact,
  notification,
  uniqueAppId,
  uniqueWindow,
} from "../../support/webhooks.ts";

type Row = Record<string, unknown>;
interface Replayed {
  replayed: number;
  more: boolean;
  as_of: string;
}

/*
 * Replays go through the real queue, whose consumer applies only the test Worker's own
 * workspace: every test here works in it, in a received_at window of its own (uniqueWindow),
 * which each replay and count names, so no test takes another's rows.
 */
const WS = CONFIGURED_WORKSPACE;

/**
 * Stores deliveries of `topic` received at the given instants and settles them as `status`
 * (dead or ignored, with the processing time and error the consumer would record).
 */
async function stored(
  tag: string,
  topic: string,
  receivedAt: Date[],
  status: "dead" | "ignored" = "dead",
  appId = WS,
): Promise<string[]> {
  const services = createServices(env);
  try {
    const db = services.db();
    const deliveries = await Promise.all(
      receivedAt.map((at, i) =>
        deliveryFrom(notification(topic, { appId, contactId: `c-${topic}-${i}-${tag}` }), at),
      ),
    );
    await storeDeliveries(db, deliveries);
    const refs: DeliveryRef[] = deliveries.map(({ workspaceId, deliveryKey }) => ({
      workspaceId,
      deliveryKey,
    }));
    if (status === "dead") await markDead(db, refs, new Date(), "test: retries exhausted");
    else await markDeliveries(db, refs, "ignored", new Date());
    return deliveries.map((d) => d.deliveryKey);
  } finally {
    await services.close();
  }
}

const replay = async (body: Row) => {
  const res = await postAdmin("/v1/webhooks/deliveries/replay", body);
  await expectStatus(res, 202);
  return (await res.json()) as Replayed;
};
const statusesOf = async (keys: string[], appId = WS) =>
  Object.fromEntries(
    [...(await deliveriesByKey(appId, keys)).values()].map((d) => [d.deliveryKey, d.status]),
  );
const settled = (keys: string[], status: string, appId = WS) =>
  eventually(
    () => statusesOf(keys, appId),
    (s) => keys.every((k) => s[k] === status),
  );
const attemptsOf = async (keys: string[]) =>
  [...(await deliveriesByKey(WS, keys)).values()].map((d) => d.attempts);

describe("replaying webhook deliveries in bulk", () => {
  it("replays the dead of one topic only, applies them, and a second call replays none", async () => {
    const tag = uniqueAppId();
    const { at, window } = uniqueWindow();
    const created = await stored(tag, "contact.user.created", [at(1), at(2), at(3)]);
    const leads = await stored(tag, "contact.lead.created", [at(4), at(5)]);

    const body = { status: "dead", workspace_id: WS, topic: "contact.user.created", ...window };
    const first = await replay(body);
    expect(first).toMatchObject({ replayed: 3, more: false });
    const statuses = await settled(created, "applied");
    for (const key of created) expect(statuses[key]).toBe("applied");
    expect(Object.values(await statusesOf(leads))).toEqual(["dead", "dead"]);
    expect((await getContact(WS, `c-contact.user.created-0-${tag}`)).status).toBe(200);
    expect((await getContact(WS, `c-contact.lead.created-0-${tag}`)).status).toBe(404);
    const rows = [...(await deliveriesByKey(WS, created)).values()];
    expect(rows.every((r) => r.lastError === null && r.processedAt !== null)).toBe(true);

    const query = new URLSearchParams({
      workspace_id: WS,
      topic: "contact.user.created",
      processed_since: first.as_of,
      ...window,
    });
    const counts = await admin(`/v1/webhooks/deliveries/counts?${query}`);
    await expectStatus(counts, 200);
    expect(await counts.json()).toEqual({
      received: 0,
      applied: 3,
      ignored: 0,
      failed: 0,
      dead: 0,
    });

    const second = await replay(body);
    expect(second).toMatchObject({ replayed: 0, more: false });
  });

  it("takes only rows received in the since/until window (since inclusive, until not)", async () => {
    const { at } = uniqueWindow();
    const day = 24 * 60;
    const [jan, feb, mar] = await stored(uniqueAppId(), "contact.user.created", [
      at(0),
      at(day),
      at(2 * day),
    ]);
    const result = await replay({
      status: "dead",
      workspace_id: WS,
      since: at(day).toISOString(),
      until: at(2 * day).toISOString(),
    });
    expect(result).toMatchObject({ replayed: 1, more: false });
    const keys = [jan ?? "", feb ?? "", mar ?? ""];
    await settled([feb ?? ""], "applied");
    const statuses = await statusesOf(keys);
    expect(keys.map((k) => statuses[k])).toEqual(["dead", "applied", "dead"]);
  });

  it("replays at most limit rows a call and says there are more, then the rest", async () => {
    const { at, window } = uniqueWindow();
    const keys = await stored(uniqueAppId(), "contact.user.created", [at(1), at(2), at(3)]);
    const first = await replay({ status: "dead", workspace_id: WS, limit: 2, ...window });
    expect(first).toMatchObject({ replayed: 2, more: true });
    const second = await replay({
      status: "dead",
      workspace_id: WS,
      limit: 2,
      processed_before: first.as_of,
      ...window,
    });
    expect(second).toMatchObject({ replayed: 1, more: false, as_of: first.as_of });
    await settled(keys, "applied");
  });

  it("replays ignored deliveries, and a series of calls never takes a row twice", async () => {
    const tag = uniqueAppId();
    const { at, window } = uniqueWindow();
    // Topics applied now are applied; topics still unknown are ignored again at once.
    const [contact] = await stored(tag, "contact.user.created", [at(1)], "ignored");
    const pings = await stored(tag, "ping", [at(2), at(3)], "ignored");
    const filter = { status: "ignored", workspace_id: WS, topic: "ping", limit: 1, ...window };
    const first = await replay(filter);
    expect(first).toMatchObject({ replayed: 1, more: true });
    // The first ping is ignored again, so it matches the filter once more...
    await settled(pings, "ignored");
    await eventually(
      () => attemptsOf(pings),
      (a) => a.includes(2),
    );
    // ...but it was processed after the series began: the follow-up takes the other one.
    const second = await replay({ ...filter, processed_before: first.as_of });
    expect(second).toMatchObject({ replayed: 1, more: false });
    await eventually(
      () => attemptsOf(pings),
      (a) => a.every((n) => n === 2),
    );
    expect(await replay({ ...filter, processed_before: first.as_of })).toMatchObject({
      replayed: 0,
    });
    // Each ping processed twice: once when stored, once replayed; neither a second time.
    expect(await attemptsOf(pings)).toEqual([2, 2]);

    expect(await replay({ status: "ignored", workspace_id: WS, ...window })).toMatchObject({
      replayed: 3,
    });
    await settled([contact ?? ""], "applied");
  });

  it("refuses a bad filter with a 400 naming the field, and replays nothing", async () => {
    const { at } = uniqueWindow();
    const keys = await stored(uniqueAppId(), "contact.user.created", [at(1)]);
    const cases: Array<[Row, string]> = [
      [{ status: "applied", workspace_id: WS }, "status"],
      [{ workspace_id: WS }, "status"],
      [{ status: "dead", workspace_id: WS, since: "yesterday" }, "since"],
      [{ status: "dead", workspace_id: WS, since: "2026-02-30" }, "since"],
      [{ status: "dead", workspace_id: WS, since: "2025-02-01", until: "2025-01-01" }, "until"],
      [{ status: "dead", workspace_id: WS, limit: 1001 }, "limit"],
      [{ status: "dead", workspace_id: WS, topics: "ping" }, "(body)"],
    ];
    for (const [body, field] of cases) {
      const res = await postAdmin("/v1/webhooks/deliveries/replay", body);
      await expectStatus(res, 400);
      const problem = (await res.json()) as { errors: Array<{ field: string; message: string }> };
      expect(
        problem.errors.map((e) => e.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect(await statusesOf(keys)).toEqual({ [keys[0] ?? ""]: "dead" });
  });

  it("leaves rows whose queue send failed to the stranded-delivery sweep", async () => {
    const { at, window } = uniqueWindow();
    const keys = await stored(uniqueAppId(), "contact.user.created", [at(1)]);
    const services = createServices(env);
    try {
      const failing = {
        send: () => Promise.reject(new Error("queue unavailable")),
        sendBatch: () => Promise.reject(new Error("queue unavailable")),
      } as unknown as Queue<WebhookMessage>;
      const result = await replayDeliveries(
        { db: services.db(), queue: failing, logger: createLogger("error") },
        {
          status: "dead",
          workspaceId: WS,
          since: new Date(window.since),
          until: new Date(window.until),
          limit: 10,
        },
      );
      expect(result).toEqual({ replayed: 1, more: false });
      expect(await statusesOf(keys)).toEqual({ [keys[0] ?? ""]: "received" });
      const sent: WebhookMessage[] = [];
      const recording = {
        sendBatch: async (batch: Array<{ body: WebhookMessage }>) => {
          sent.push(...batch.map((m) => m.body));
        },
      } as unknown as Queue<WebhookMessage>;
      await sweepStrandedDeliveries({ db: services.db(), queue: recording, now: new Date() });
      const message = { kind: "webhook.stored", workspaceId: WS, deliveryKey: keys[0] ?? "" };
      expect(sent).toContainEqual(message);
      // What the sweep sends, sent for real: the replay then completes.
      await services.queues.webhooks.send(message as WebhookMessage);
      await settled(keys, "applied");
    } finally {
      await services.close();
    }
  });
});

describe("the dashboard's Replay all dead", () => {
  it("replays the dead of the topic given, behind the session and the origin check", async () => {
    const appId = uniqueAppId();
    // A topic of its own: Postgres is shared, and the button has no workspace.
    const topic = `test.bulk.${appId}`;
    const keys = await stored(appId, topic, [new Date(), new Date()]);
    const form = { "content-type": "application/x-www-form-urlencoded", origin: BASE };
    const signIn = await exports.default.fetch(`${BASE}/dashboard/sign-in`, {
      method: "POST",
      headers: form,
      body: `key=${ADMIN_KEY}`,
      redirect: "manual",
    });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const press = (headers: Record<string, string>) =>
      exports.default.fetch(`${BASE}/dashboard/deliveries/replay-dead`, {
        method: "POST",
        headers: { ...form, "x-dashboard-inline": "1", ...headers },
        body: `topic=${encodeURIComponent(topic)}`,
      });
    expect((await press({})).status).toBe(401);
    expect((await press({ cookie, origin: "http://evil.example" })).status).toBe(403);
    expect(Object.values(await statusesOf(keys))).toEqual(["dead", "dead"]);

    const res = await press({ cookie });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ message: `Replayed 2 dead deliveries of ${topic}.` });
    // Its topic is not one we apply: replayed, it is ignored rather than dead.
    await settled(keys, "ignored");
    const again = await press({ cookie });
    expect(await again.json()).toEqual({ message: `Replayed 0 dead deliveries of ${topic}.` });
  });
});
