import { describe, expect, it } from "vitest";
import { planOf, SENT } from "../../support/plan-real.ts";

// Shapes as real Intercom workspaces deliver them (../shared/reference/intercom-real-shapes.md),
// with values of our own.

const contact = {
  type: "contact",
  id: "6500aa00bb11cc22dd33ee44",
  workspace_id: "ws_real",
  external_id: "u-1001",
  role: "user",
  email: "grace@example.com",
  phone: null,
  name: "Grace",
  owner_id: null,
  created_at: "2025-05-01T09:15:02.114+00:00",
  updated_at: "2026-12-05T17:40:09.562+00:00",
  signed_up_at: "2025-05-01T09:14:00.000Z",
  last_seen_at: null,
  custom_attributes: {},
  tags: { type: "list", data: [], url: "/contacts/x/tags", total_count: 0, has_more: false },
  location: { type: "location", country: null, region: null, city: null },
};

describe("webhook items as real Intercom sends them", () => {
  it("reads a 2.x contact's ISO times, both forms, to the delivered instants", async () => {
    for (const topic of ["contact.user.created", "contact.user.updated", "contact.email.updated"]) {
      const { writes, outcome } = await planOf(topic, contact);
      expect(outcome).toEqual({ status: "applied" });
      expect(writes.contacts[0]).toMatchObject({
        id: contact.id,
        externalId: "u-1001",
        intercomCreatedAt: new Date("2025-05-01T09:15:02.114Z"),
        intercomUpdatedAt: new Date("2026-12-05T17:40:09.562Z"),
        signedUpAt: new Date("2025-05-01T09:14:00.000Z"),
        lastSeenAt: null,
      });
    }
  });

  it("upserts the survivor of contact.merged, which names no merged-away contact", async () => {
    const { writes, outcome } = await planOf("contact.merged", { ...contact, role: "user" });
    expect(outcome).toEqual({ status: "applied" });
    expect(writes.contacts.map((c) => c.id)).toEqual([contact.id]);
    expect(writes.contactMerges).toEqual([]);
  });

  it("archives and deletes from minimal items, dated by the notification", async () => {
    const archived = await planOf("contact.archived", {
      id: contact.id,
      external_id: null,
      type: "contact",
      archived: true,
    });
    expect(archived.outcome).toEqual({ status: "applied" });
    expect(archived.writes.contacts).toEqual([]);
    expect(archived.writes.contactArchiveChanges).toEqual([
      expect.objectContaining({ id: contact.id, archived: true, changedAt: new Date(SENT * 1000) }),
    ]);
    const deleted = await planOf("contact.deleted", {
      id: contact.id,
      type: "contact",
      deleted: true,
    });
    expect(deleted.outcome).toEqual({ status: "applied" });
    expect(deleted.writes.contactTombstones).toEqual([
      expect.objectContaining({ id: contact.id, deletedAt: new Date(SENT * 1000) }),
    ]);
  });

  it("links a tag from a contact_tag item that has no created_at", async () => {
    const { writes, outcome } = await planOf("contact.user.tag.created", {
      type: "contact_tag",
      tag: { type: "tag", id: "7301", name: "Churn risk" },
      contact,
    });
    expect(outcome).toEqual({ status: "applied" });
    expect(writes.contactTags).toEqual([
      expect.objectContaining({ contactId: contact.id, tagId: "7301", tagged: true }),
    ]);
    expect(writes.contacts).toEqual([
      expect.objectContaining({ id: contact.id, email: "grace@example.com" }),
    ]);
  });

  it("tombstones a conversation.deleted that carries conversation_id and no id", async () => {
    const { writes, outcome } = await planOf("conversation.deleted", {
      type: "conversation",
      conversation_id: "215400000000123",
    });
    expect(outcome).toEqual({ status: "applied" });
    expect(writes.conversationTombstones).toEqual([
      expect.objectContaining({ id: "215400000000123", deletedAt: new Date(SENT * 1000) }),
    ]);
  });

  it("reads a conversation with ISO statistics, an integer assignee and the real priority", async () => {
    const conversation = {
      type: "conversation",
      id: "215400000000777",
      title: "",
      created_at: 1_764_990_000,
      updated_at: 1_764_999_000,
      waiting_since: null,
      snoozed_until: null,
      open: true,
      state: "open",
      read: false,
      priority: "not_priority",
      admin_assignee_id: 8801234,
      team_assignee_id: null,
      source: null,
      contacts: {
        type: "contact.list",
        contacts: [{ type: "contact", id: contact.id, external_id: "u-1001" }],
      },
      teammates: { type: "admin.list", admins: [] },
      tags: { type: "tag.list", tags: [] },
      conversation_rating: null,
      statistics: {
        type: "conversation_statistics",
        time_to_admin_reply: 95,
        first_admin_reply_at: "2025-12-05T11:03:15.000Z",
        first_contact_reply_at: "2025-12-05T11:01:40.000+00:00",
        last_close_at: "2025-12-05T11:20:00.000+00:00",
        count_reopens: 0,
        count_conversation_parts: 4,
      },
    };
    for (const topic of [
      "conversation.admin.open.assigned",
      "conversation.operator.replied",
      "conversation.read",
      "conversation_part.tag.created",
    ]) {
      const { writes, outcome } = await planOf(topic, conversation);
      expect({ topic, outcome }).toEqual({ topic, outcome: { status: "applied" } });
      expect(writes.conversations[0]).toMatchObject({
        id: conversation.id,
        priority: "not_priority",
        adminAssigneeId: "8801234",
        teamAssigneeId: null,
        contactIds: [contact.id],
        lastClosedAt: new Date("2025-12-05T11:20:00.000Z"),
        sourceType: null,
      });
      // Stored statistics hold Unix seconds whichever way they came.
      expect(writes.conversations[0]?.statistics).toMatchObject({
        first_admin_reply_at: Date.parse("2025-12-05T11:03:15.000Z") / 1000,
        first_contact_reply_at: Date.parse("2025-12-05T11:01:40.000Z") / 1000,
      });
    }
  });

  it("ignores on purpose, with a reason, the items that are not ours to apply", async () => {
    const attached = await planOf("conversation.contact.attached", {
      conversation: { model: { id: 1886, app_id: 1650250 } },
      contact,
    });
    expect(attached.outcome).toMatchObject({
      status: "ignored",
      reason: expect.stringContaining("internal model"),
    });
    const subscribed = await planOf("contact.subscribed", {
      type: "contact_subscribe",
      contact: { ...contact, phone: "" },
      subscription_types: { type: "list", data: [] },
    });
    expect(subscribed.outcome).toMatchObject({ status: "ignored" });
    expect(subscribed.writes.contacts).toEqual([]);
  });

  it("dies only for a missing field it needs, saying which in one line without values", async () => {
    const { outcome } = await planOf("contact.user.updated", {
      ...contact,
      updated_at: "not a time",
    });
    expect(outcome).toEqual({
      status: "rejected",
      error: "contact.user.updated: updated_at is unusable",
    });
    const missing = await planOf("conversation.admin.replied", { type: "conversation", id: "1" });
    expect(missing.outcome).toEqual({
      status: "rejected",
      error: "conversation.admin.replied: updated_at is missing",
    });
  });
});
