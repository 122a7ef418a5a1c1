import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createServices } from "../../src/services.ts";
import { createLogger } from "../../src/shared/logger.ts";
import { deliveryFrom } from "../../src/webhooks/envelope.ts";
import {
  type DeliveryRef,
  markDead,
  markDeliveries,
  storeDeliveries,
} from "../../src/webhooks/inbox.ts";
import type { WebhookMessage } from "../../src/webhooks/messages.ts";
import { replayDeliveries } from "../../src/webhooks/replay-bulk.ts";
import { sweepStrandedDeliveries } from "../../src/webhooks/sweep.ts";
import { eventually } from "../support/eventually.ts";
import { postAdmin } from "../support/outbox.ts";
import { expectStatus } from "../support/status.ts";
import {
  ADMIN_KEY,
  admin,
  BASE,
  getContact,
  listDeliveries,
  notification,
  uniqueAppId,
} from "../support/webhooks.ts";

type Row = Record<string, unknown>;
interface Replayed {
  replayed: number;
  more: boolean;
  as_of: string;
}

/**
 * Stores deliveries of `topic` received at the given instants and settles them as `status`
 * (dead or ignored, with the processing time and error the consumer would record).
 */
async function stored(
  appId: string,
  topic: string,
  receivedAt: Date[],
  status: "dead" | "ignored" = "dead",
): Promise<string[]> {
  const services = createServices(env);
  try {
    const db = services.db();
    const deliveries = await Promise.all(
      receivedAt.map((at, i) =>
        deliveryFrom(notification(topic, { appId, contactId: `c-${topic}-${i}-${appId}` }), at),
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

const now = () => new Date();
const at = (iso: string) => new Date(iso);
const replay = async (body: Row) => {
  const res = await postAdmin("/v1/webhooks/deliveries/replay", body);
  await expectStatus(res, 202);
  return (await res.json()) as Replayed;
};
const statusesOf = async (appId: string) =>
  Object.fromEntries((await listDeliveries(appId)).map((d) => [d.delivery_key, d.status]));
const settled = (appId: string, keys: string[], status: string) =>
  eventually(
    () => statusesOf(appId),
    (s) => keys.every((k) => s[k] === status),
  );

describe("replaying webhook deliveries in bulk", () => {
  it("replays the dead of one topic only, applies them, and a second call replays none", async () => {
    const appId = uniqueAppId();
    const created = await stored(appId, "contact.user.created", [now(), now(), now()]);
    const leads = await stored(appId, "contact.lead.created", [now(), now()]);

    const first = await replay({
      status: "dead",
      workspace_id: appId,
      topic: "contact.user.created",
    });
    expect(first).toMatchObject({ replayed: 3, more: false });
    const statuses = await settled(appId, created, "applied");
    for (const key of created) expect(statuses[key]).toBe("applied");
    for (const key of leads) expect(statuses[key]).toBe("dead");
    expect((await getContact(appId, `c-contact.user.created-0-${appId}`)).status).toBe(200);
    expect((await getContact(appId, `c-contact.lead.created-0-${appId}`)).status).toBe(404);
    const rows = await listDeliveries(appId, "&status=applied");
    expect(rows.every((r) => r.last_error === null && r.processed_at !== null)).toBe(true);

    const counts = await admin(
      `/v1/webhooks/deliveries/counts?workspace_id=${appId}&topic=contact.user.created&processed_since=${first.as_of}`,
    );
    await expectStatus(counts, 200);
    expect(await counts.json()).toEqual({
      received: 0,
      applied: 3,
      ignored: 0,
      failed: 0,
      dead: 0,
    });

    const second = await replay({
      status: "dead",
      workspace_id: appId,
      topic: "contact.user.created",
    });
    expect(second).toMatchObject({ replayed: 0, more: false });
  });

  it("takes only rows received in the since/until window (since inclusive, until not)", async () => {
    const appId = uniqueAppId();
    const [jan, feb, mar] = await stored(appId, "contact.user.created", [
      at("2025-01-01T00:00:00Z"),
      at("2025-02-01T00:00:00Z"),
      at("2025-03-01T00:00:00Z"),
    ]);
    const result = await replay({
      status: "dead",
      workspace_id: appId,
      since: "2025-02-01",
      until: "2025-03-01T00:00:00Z",
    });
    expect(result).toMatchObject({ replayed: 1, more: false });
    const statuses = await settled(appId, [feb ?? ""], "applied");
    expect([statuses[jan ?? ""], statuses[feb ?? ""], statuses[mar ?? ""]]).toEqual([
      "dead",
      "applied",
      "dead",
    ]);
  });

  it("replays at most limit rows a call and says there are more, then the rest", async () => {
    const appId = uniqueAppId();
    const keys = await stored(appId, "contact.user.created", [now(), now(), now()]);
    const first = await replay({ status: "dead", workspace_id: appId, limit: 2 });
    expect(first).toMatchObject({ replayed: 2, more: true });
    const second = await replay({
      status: "dead",
      workspace_id: appId,
      limit: 2,
      processed_before: first.as_of,
    });
    expect(second).toMatchObject({ replayed: 1, more: false, as_of: first.as_of });
    await settled(appId, keys, "applied");
  });

  it("replays ignored deliveries, and a series of calls never takes a row twice", async () => {
    const appId = uniqueAppId();
    // Topics applied now are applied; topics still unknown are ignored again at once.
    const [contact] = await stored(appId, "contact.user.created", [now()], "ignored");
    await stored(appId, "ping", [at("2025-01-01"), at("2025-01-02")], "ignored");
    const first = await replay({ status: "ignored", workspace_id: appId, topic: "ping", limit: 1 });
    expect(first).toMatchObject({ replayed: 1, more: true });
    // The first ping is ignored again, so it matches the filter once more...
    await eventually(
      async () => (await listDeliveries(appId, "&topic=ping&status=ignored")).length,
      (n) => n === 2,
    );
    // ...but it was processed after the series began: the follow-up takes the other one.
    const body = { status: "ignored", workspace_id: appId, topic: "ping", limit: 1 };
    const second = await replay({ ...body, processed_before: first.as_of });
    expect(second).toMatchObject({ replayed: 1, more: false });
    await eventually(
      async () => (await listDeliveries(appId, "&topic=ping&status=ignored")).length,
      (n) => n === 2,
    );
    expect(await replay({ ...body, processed_before: first.as_of })).toMatchObject({
      replayed: 0,
    });
    // Each ping processed twice: once when stored, once replayed; neither a second time.
    const attempts = (await listDeliveries(appId, "&topic=ping")).map((d) => d.attempts);
    expect(attempts).toEqual([2, 2]);

    expect(await replay({ status: "ignored", workspace_id: appId })).toMatchObject({ replayed: 3 });
    await settled(appId, [contact ?? ""], "applied");
  });

  it("refuses a bad filter with a 400 naming the field, and replays nothing", async () => {
    const appId = uniqueAppId();
    const keys = await stored(appId, "contact.user.created", [now()]);
    const cases: Array<[Row, string]> = [
      [{ status: "applied", workspace_id: appId }, "status"],
      [{ workspace_id: appId }, "status"],
      [{ status: "dead", workspace_id: appId, since: "yesterday" }, "since"],
      [{ status: "dead", workspace_id: appId, since: "2026-02-30" }, "since"],
      [{ status: "dead", workspace_id: appId, since: "2025-02-01", until: "2025-01-01" }, "until"],
      [{ status: "dead", workspace_id: appId, limit: 1001 }, "limit"],
      [{ status: "dead", workspace_id: appId, topics: "ping" }, "(body)"],
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
    expect(await statusesOf(appId)).toEqual({ [keys[0] ?? ""]: "dead" });
  });

  it("leaves rows whose queue send failed to the stranded-delivery sweep", async () => {
    const appId = uniqueAppId();
    const keys = await stored(appId, "contact.user.created", [at("2025-01-01")]);
    const services = createServices(env);
    try {
      const failing = {
        send: () => Promise.reject(new Error("queue unavailable")),
        sendBatch: () => Promise.reject(new Error("queue unavailable")),
      } as unknown as Queue<WebhookMessage>;
      const result = await replayDeliveries(
        { db: services.db(), queue: failing, logger: createLogger("error") },
        { status: "dead", workspaceId: appId, limit: 10 },
      );
      expect(result).toEqual({ replayed: 1, more: false });
      expect(await statusesOf(appId)).toEqual({ [keys[0] ?? ""]: "received" });
      const sent: WebhookMessage[] = [];
      const recording = {
        sendBatch: async (batch: Array<{ body: WebhookMessage }>) => {
          sent.push(...batch.map((m) => m.body));
        },
      } as unknown as Queue<WebhookMessage>;
      await sweepStrandedDeliveries({ db: services.db(), queue: recording, now: new Date() });
      const message = { kind: "webhook.stored", workspaceId: appId, deliveryKey: keys[0] ?? "" };
      expect(sent).toContainEqual(message);
      // What the sweep sends, sent for real: the replay then completes.
      await services.queues.webhooks.send(message as WebhookMessage);
      await settled(appId, keys, "applied");
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
    const keys = await stored(appId, topic, [now(), now()]);
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
    expect(Object.values(await statusesOf(appId))).toEqual(["dead", "dead"]);

    const res = await press({ cookie });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ message: `Replayed 2 dead deliveries of ${topic}.` });
    // Its topic is not one we apply: replayed, it is ignored rather than dead.
    await settled(appId, keys, "ignored");
    const again = await press({ cookie });
    expect(await again.json()).toEqual({ message: `Replayed 0 dead deliveries of ${topic}.` });
  });
});
