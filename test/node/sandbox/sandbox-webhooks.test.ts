import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Notification, type Sandbox, startSandbox } from "../../../scripts/sandbox/server.ts";
import { verifyIntercomSignature } from "../../../src/webhooks/signature.ts";

/**
 * The sandbox's webhooks carry what real Intercom delivers (../shared/reference/
 * intercom-real-shapes.md), not REST objects: ISO times on contacts, minimal archive and
 * delete items, ISO times inside a conversation's statistics only.
 */
const TOKEN = "local-intercom-token";
const DAY = 86_400;
const EPOCH = 1_790_000_000 - (1_790_000_000 % DAY);
const OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;
const ZULU = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
type Json = Record<string, unknown>;

let sandbox: Sandbox;
let captured: Notification[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 31,
    sizes: { contacts: 120, leads: 30, conversations: 80 },
    epoch: EPOCH,
    captureWebhooks: (n) => captured.push(n),
  });
});
afterAll(() => sandbox.stop());

async function call(method: string, path: string) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "intercom-version": "2.16" },
  });
  return (await res.json()) as Json;
}

/** Makes a change and answers the notifications it emitted, parsed. */
async function emitted(command: Json): Promise<Json[]> {
  captured = [];
  await fetch(`${sandbox.url}/__sandbox/mutate`, {
    method: "POST",
    body: JSON.stringify(command),
  });
  return captured.map((n) => JSON.parse(n.body) as Json);
}

const itemOf = (n: Json) => (n.data as { item: Json }).item;
const timesOf = (o: Json) => Object.entries(o).filter(([key]) => key.endsWith("_at"));

describe("contact webhooks", () => {
  it("write every time as an ISO string, in both of Intercom's formats, at the exact instant", async () => {
    const notifications = await emitted({ kind: "contacts.update", count: 8 });
    expect(notifications.length).toBeGreaterThan(0);
    for (const n of notifications) {
      const item = itemOf(n);
      const rest = await call("GET", `/contacts/${String(item.id)}`);
      const times = timesOf(item);
      expect(times.length).toBe(timesOf(rest).length);
      for (const [key, value] of times) {
        if (rest[key] === null) {
          expect({ key, value }).toEqual({ key, value: null });
          continue;
        }
        expect(value).toMatch(key === "created_at" || key === "updated_at" ? OFFSET : ZULU);
        expect({ key, ms: Date.parse(String(value)) }).toEqual({
          key,
          ms: Number(rest[key]) * 1000,
        });
      }
    }
    // Both formats within one object, as in real deliveries.
    const users = notifications.map(itemOf).filter((i) => typeof i.signed_up_at === "string");
    expect(users.length).toBeGreaterThan(0);
  });

  it("tell an archive and a deletion with minimal items, an unarchive with the whole contact", async () => {
    for (const n of await emitted({ kind: "contacts.archive", count: 3 })) {
      const item = itemOf(n);
      expect(Object.keys(item)).toEqual(["id", "external_id", "type", "archived"]);
      expect(item).toMatchObject({ type: "contact", archived: true });
    }
    const [archived] = sandbox.workspace().contactOrder;
    captured = [];
    await call("POST", `/contacts/${archived}/archive`);
    await call("POST", `/contacts/${archived}/unarchive`);
    expect(captured.map((n) => n.topic)).toEqual(["contact.archived", "contact.unarchived"]);
    const whole = itemOf(JSON.parse(captured[1]?.body ?? "{}") as Json);
    expect(whole).toMatchObject({ id: archived, type: "contact", updated_at: expect.any(String) });
    expect(whole).toHaveProperty("email");

    const deleted = (await emitted({ kind: "contacts.delete", count: 20 })).map(itemOf);
    const shapes = new Set(deleted.map((item) => Object.keys(item).join(",")));
    // external_id is sometimes a key, sometimes not; nothing else is ever there.
    expect([...shapes].sort()).toEqual(["id,external_id,type,deleted", "id,type,deleted"]);
    for (const item of deleted) expect(item).toMatchObject({ type: "contact", deleted: true });
  });

  it("merge: the surviving contact only, never naming the merged-away one", async () => {
    const merged = await emitted({ kind: "contacts.merge", count: 2 });
    expect(merged.map((n) => n.topic)).toEqual(["contact.merged", "contact.merged"]);
    for (const n of merged) {
      const item = itemOf(n);
      expect(item).toMatchObject({ type: "contact", role: "user" });
      expect(item).not.toHaveProperty("merged_from");
      expect(item).not.toHaveProperty("merge_history");
      expect(item.updated_at).toMatch(OFFSET);
    }
  });

  it("tags: a contact_tag item with the tag and the whole contact, and no created_at", async () => {
    const tagged = await emitted({ kind: "contacts.tag", count: 3 });
    expect(tagged.length).toBeGreaterThan(0);
    for (const n of tagged) {
      expect(String(n.topic)).toMatch(/^contact\.(user|lead)\.tag\.created$/);
      const item = itemOf(n);
      expect(Object.keys(item).sort()).toEqual(["contact", "tag", "type"]);
      expect(item.type).toBe("contact_tag");
      expect(Object.keys(item.tag as Json).sort()).toEqual(["id", "name", "type"]);
      const contact = item.contact as Json;
      expect(contact.updated_at).toMatch(OFFSET);
      const tags = (contact.tags as { data: Array<{ id: string }> }).data;
      expect(tags.map((t) => t.id)).toContain((item.tag as Json).id);
    }
  });
});

describe("conversation webhooks", () => {
  it("keep Unix seconds at the top and write ISO strings inside statistics", async () => {
    const notifications = [
      ...(await emitted({ kind: "conversations.reply", count: 4 })),
      ...(await emitted({ kind: "conversations.state", count: 4 })),
    ];
    // The latest item per conversation: what the REST API answers now.
    const latest = new Map(notifications.map((n) => [itemOf(n).id, itemOf(n)]));
    for (const item of latest.values()) {
      const rest = await call("GET", `/conversations/${String(item.id)}`);
      expect(item.updated_at).toBe(rest.updated_at);
      expect(typeof item.created_at).toBe("number");
      for (const [key, value] of timesOf(item.statistics as Json)) {
        expect(value).toMatch(ZULU);
        expect(Date.parse(String(value))).toBe(Number((rest.statistics as Json)[key]) * 1000);
      }
      // An integer when assigned (admin ids are strings elsewhere), null when not.
      const admin = item.admin_assignee_id;
      expect(admin === null || Number.isInteger(admin)).toBe(true);
    }
    expect(notifications.length).toBeGreaterThan(4);
  });

  it("deleted: conversation_id, and no id", async () => {
    const deleted = await emitted({ kind: "conversations.delete", count: 2 });
    expect(deleted.map((n) => n.topic)).toEqual(["conversation.deleted", "conversation.deleted"]);
    for (const n of deleted) {
      expect(itemOf(n)).toEqual({ type: "conversation", conversation_id: expect.any(String) });
      expect(sandbox.workspace().conversations.has(String(itemOf(n).conversation_id))).toBe(false);
    }
  });
});

describe("notification envelopes", () => {
  it("leave self and links out now and then, rather than null", async () => {
    const all = await emitted({ kind: "contacts.update", count: 60 });
    const withSelf = all.filter((n) => "self" in n);
    expect(withSelf.every((n) => n.self === null)).toBe(true);
    expect(withSelf.length).toBeGreaterThan(0);
    expect(withSelf.length).toBeLessThan(all.length);
    expect(all.some((n) => !("links" in n))).toBe(true);
    for (const n of all)
      expect(n).toMatchObject({ delivery_status: "pending", delivery_attempts: 1 });
  });

  it("posts signed, and redelivers a refused one as a retry of the same notification", async () => {
    const received: Array<{ body: string; signature: string }> = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({
          body: Buffer.concat(chunks).toString(),
          signature: String(req.headers["x-hub-signature"]),
        });
        // The first delivery fails, as an endpoint that is down does.
        res.statusCode = received.length === 1 ? 500 : 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const port = (receiver.address() as { port: number }).port;
    const hooked = await startSandbox({
      seed: 2,
      sizes: { contacts: 5, leads: 0 },
      webhooks: { url: `http://127.0.0.1:${port}/`, secret: "s3cret", appId: "app1" },
    });
    try {
      await fetch(`${hooked.url}/__sandbox/mutate`, {
        method: "POST",
        body: JSON.stringify({ kind: "contacts.update", count: 1 }),
      });
      for (let i = 0; i < 150 && received.length < 2; i++)
        await new Promise((r) => setTimeout(r, 20));
      const [first, retry] = received.map((r) => JSON.parse(r.body) as Json);
      expect(first).toMatchObject({
        type: "notification_event",
        app_id: "app1",
        topic: "contact.user.updated",
        delivery_status: "pending",
        delivery_attempts: 1,
      });
      expect(retry).toEqual({ ...first, delivery_status: "retry", delivery_attempts: 2 });
      for (const r of received) {
        const bytes = new Uint8Array(new TextEncoder().encode(r.body));
        expect(await verifyIntercomSignature(bytes, r.signature, ["s3cret"])).toBe(true);
      }
    } finally {
      await hooked.stop();
      receiver.close();
    }
  });
});
