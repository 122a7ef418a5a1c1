import { describe, expect, it } from "vitest";
import {
  consume,
  consumeInOrder,
  getContact,
  listDeliveries,
  notification,
  uniqueAppId,
} from "../../support/webhooks.ts";

const T0 = 1_763_800_000;

function contactUpdate(appId: string, contactId: string, at: number, name: string) {
  return notification("contact.user.updated", { appId, contactId, at, item: { name } });
}

describe("applying webhook deliveries", () => {
  it("creates a contact from contact.user.created", async () => {
    const appId = uniqueAppId();
    const n = notification("contact.user.created", { appId, contactId: "c1", at: T0 });
    const result = await consume([n]);
    expect(result.explicitAcks).toHaveLength(1);
    const { status, body } = await getContact(appId, "c1");
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: "c1", role: "user", name: "Ada Lovelace", archived: false });
    expect(body.location).toMatchObject({ city: "London" });
    expect(body.written_from).toBe("webhook");
  });

  it("applies a duplicate delivery once", async () => {
    const appId = uniqueAppId();
    const n = contactUpdate(appId, "c1", T0, "First");
    await consume([n, n]);
    await consume([n]);
    const rows = await listDeliveries(appId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "applied", attempts: 1 });
  });

  it("keeps the newer contact when an older update arrives after it", async () => {
    const appId = uniqueAppId();
    await consumeInOrder([
      contactUpdate(appId, "c1", T0 + 60, "Newer"),
      contactUpdate(appId, "c1", T0, "Older"),
    ]);
    expect((await getContact(appId, "c1")).body.name).toBe("Newer");
  });

  it("keeps the newer contact when both arrive in one batch, older last", async () => {
    const appId = uniqueAppId();
    await consume([
      contactUpdate(appId, "c1", T0 + 60, "Newer"),
      contactUpdate(appId, "c1", T0, "Older"),
    ]);
    expect((await getContact(appId, "c1")).body.name).toBe("Newer");
  });

  it("does not bring back a deleted contact with a stale update", async () => {
    const appId = uniqueAppId();
    await consumeInOrder([
      contactUpdate(appId, "c1", T0, "Before"),
      notification("contact.deleted", { appId, contactId: "c1", at: T0 + 120 }),
      contactUpdate(appId, "c1", T0 + 60, "Stale"),
    ]);
    expect((await getContact(appId, "c1")).status).toBe(404);
    const statuses = (await listDeliveries(appId)).map((d) => d.status);
    expect(statuses).toEqual(["applied", "applied", "applied"]);
  });

  it("stores ping with a null id, marked ignored, and de-duplicates it by content", async () => {
    const appId = uniqueAppId();
    const ping = notification("ping", { appId, notificationId: null, at: T0 });
    const retried = { ...ping, delivery_attempts: 2, first_sent_at: T0 + 60 };
    await consume([ping]);
    await consume([retried]);
    const rows = await listDeliveries(appId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ topic: "ping", status: "ignored", notification_id: null });
    expect(String(rows[0]?.delivery_key)).toMatch(/^content:[0-9a-f]{64}$/);
  });

  it("stores a topic it does not handle, marked ignored", async () => {
    const appId = uniqueAppId();
    await consume([notification("admin.logged_in", { appId, item: { type: "admin", id: "a1" } })]);
    const rows = await listDeliveries(appId, "&topic=admin.logged_in");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "ignored", last_error: null });
  });

  it("records a malformed item as dead with the reason, without blocking the rest", async () => {
    const appId = uniqueAppId();
    const bad = notification("contact.user.updated", {
      appId,
      item: { id: null, updated_at: "x" },
    });
    const good = contactUpdate(appId, "c2", T0, "Fine");
    const result = await consume([bad, good]);
    expect(result.explicitAcks).toHaveLength(2);
    const rows = await listDeliveries(appId);
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r]));
    expect(byStatus.dead?.last_error).toMatch(/contact.user.updated/);
    expect(byStatus.applied).toBeDefined();
    expect((await getContact(appId, "c2")).body.name).toBe("Fine");
  });

  it("tags and untags a contact, newest change winning", async () => {
    const appId = uniqueAppId();
    const tag = (topic: string, at: number) => notification(topic, { appId, contactId: "c1", at });
    await consumeInOrder([
      contactUpdate(appId, "c1", T0, "Tagged"),
      tag("contact.user.tag.created", T0 + 10),
      tag("contact.user.tag.deleted", T0 + 30),
      tag("contact.user.tag.created", T0 + 20),
    ]);
    expect((await getContact(appId, "c1")).body.tags).toEqual([]);
    await consume([tag("contact.user.tag.created", T0 + 40)]);
    expect((await getContact(appId, "c1")).body.tags).toEqual([{ id: "81", name: "VIP" }]);
  });

  it("marks the merged-away contact with the survivor's id", async () => {
    const appId = uniqueAppId();
    await consume([contactUpdate(appId, "lead1", T0, "Lead")]);
    const merged = notification("contact.merged", {
      appId,
      contactId: "user1",
      at: T0 + 10,
      item: { merged_from: { type: "contact", id: "lead1" } },
    });
    await consume([merged]);
    expect((await getContact(appId, "lead1")).body.merged_into_id).toBe("user1");
    expect((await getContact(appId, "user1")).status).toBe(200);
  });

  it("archives and unarchives in event order", async () => {
    const appId = uniqueAppId();
    await consumeInOrder([
      contactUpdate(appId, "c1", T0, "Archivable"),
      notification("contact.unarchive", { appId, contactId: "c1", at: T0 + 20 }),
      notification("contact.archived", { appId, contactId: "c1", at: T0 + 10 }),
    ]);
    expect((await getContact(appId, "c1")).body.archived).toBe(false);
  });
});
