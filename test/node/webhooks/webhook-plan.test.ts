import { describe, expect, it } from "vitest";
import { sampleNotification } from "../../../scripts/sandbox/samples/notifications.ts";
import { cancelIntentMatcher } from "../../../src/customers/cancel-intent.ts";
import { planDeliveries } from "../../../src/webhooks/apply/plan.ts";
import { deliveryFrom, deliveryKeyOf, type Notification } from "../../../src/webhooks/envelope.ts";
import { HANDLED_TOPICS } from "../../../src/webhooks/topics.ts";

const NOW = new Date("2026-11-22T12:00:00Z");
const AT = 1_763_800_000;

async function plan(topic: string, options: Parameters<typeof sampleNotification>[1] = {}) {
  const n = sampleNotification(topic, { appId: "ws1", at: AT, ...options }) as Notification;
  const delivery = await deliveryFrom(n, NOW);
  return { delivery, plan: planDeliveries([delivery], NOW, cancelIntentMatcher()) };
}

describe("planning webhook writes from 2.16 payloads", () => {
  it("maps a contact payload to a row", async () => {
    const { plan: p } = await plan("contact.user.created", { contactId: "c1", email: "Ada@X.io" });
    expect(p.writes.contacts).toHaveLength(1);
    const row = p.writes.contacts[0];
    expect(row).toMatchObject({ workspaceId: "ws1", id: "c1", role: "user", email: "Ada@X.io" });
    expect(row?.intercomUpdatedAt).toEqual(new Date(AT * 1000));
    expect(row?.ownerId).toBe("5017691");
  });

  it("plans a tombstone for contact.deleted, dated by the notification", async () => {
    const { plan: p } = await plan("contact.deleted", { contactId: "c9" });
    expect(p.writes.contactTombstones).toEqual([
      expect.objectContaining({ id: "c9", deletedAt: new Date(AT * 1000) }),
    ]);
  });

  it("plans a tag link for contact.lead.tag.created", async () => {
    const { plan: p } = await plan("contact.lead.tag.created", { contactId: "c2" });
    expect(p.writes.tags).toEqual([expect.objectContaining({ id: "81", name: "VIP" })]);
    expect(p.writes.contactTags).toEqual([
      expect.objectContaining({ contactId: "c2", tagId: "81", tagged: true }),
    ]);
  });

  it("reads an integer admin assignee id as a string and 0 as unassigned", async () => {
    const assigned = await plan("conversation.admin.assigned", { item: { admin_assignee_id: 42 } });
    expect(assigned.plan.writes.conversations[0]?.adminAssigneeId).toBe("42");
    const unassigned = await plan("conversation.admin.assigned", {
      item: { admin_assignee_id: 0 },
    });
    expect(unassigned.plan.writes.conversations[0]?.adminAssigneeId).toBeNull();
  });

  it("rejects an item of the wrong shape with a reason, and ignores unknown topics", async () => {
    const bad = await plan("contact.user.updated", { item: { id: null } });
    const outcome = bad.plan.outcomes.get(bad.delivery.deliveryKey);
    expect(outcome).toMatchObject({ status: "rejected" });
    expect(outcome).toEqual({ status: "rejected", error: "contact.user.updated: id is missing" });
    const unknown = await plan("admin.logged_in");
    expect(unknown.plan.outcomes.get(unknown.delivery.deliveryKey)).toEqual({
      status: "ignored",
      reason: "topic admin.logged_in is not applied",
    });
  });

  it("applies every handled topic's sample payload", async () => {
    for (const topic of HANDLED_TOPICS) {
      const { delivery, plan: p } = await plan(topic);
      expect({ topic, outcome: p.outcomes.get(delivery.deliveryKey) }).toEqual({
        topic,
        outcome: { status: "applied" },
      });
    }
  });
});

describe("delivery keys", () => {
  it("uses Intercom's notification id when there is one", async () => {
    const n = sampleNotification("ping", { notificationId: "notif_1" }) as Notification;
    expect(await deliveryKeyOf(n)).toBe("notif_1");
  });

  it("hashes content for a null id, ignoring retry bookkeeping and key order", async () => {
    const n = sampleNotification("ping", { notificationId: null, at: AT }) as Notification;
    const retry = { ...n, delivery_attempts: 2, first_sent_at: AT + 60, delivery_status: "retry" };
    const reordered = Object.fromEntries(Object.entries(n).reverse()) as Notification;
    const key = await deliveryKeyOf(n);
    expect(await deliveryKeyOf(retry)).toBe(key);
    expect(await deliveryKeyOf(reordered)).toBe(key);
    expect(await deliveryKeyOf({ ...n, topic: "other" })).not.toBe(key);
  });
});
