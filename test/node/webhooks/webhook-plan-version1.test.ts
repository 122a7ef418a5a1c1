import { describe, expect, it } from "vitest";
import { planOf } from "../../support/plan-real.ts";

// Version 1.x shapes as real Intercom workspaces still deliver them
// (../shared/reference/intercom-real-shapes.md), with values of our own.

describe("version 1.x deliveries", () => {
  const user = {
    type: "user",
    id: "5f00aa11bb22cc33dd44ee55",
    user_id: "legacy-42",
    anonymous: false,
    email: "linus@example.com",
    name: "Linus",
    location_data: {
      type: "location_data",
      city_name: "Lyon",
      country_name: "France",
      region_name: "Rhône",
    },
    companies: { type: "company.list", companies: [] },
    tags: { type: "tag.list", tags: [{ type: "tag", id: "55" }] },
    custom_attributes: { job_title: "engineer" },
    created_at: "2020-06-01T10:00:00.125+00:00",
    updated_at: "2020-06-02T11:30:00.500+00:00",
    signed_up_at: null,
  };

  it("applies user.created as a contact: user_id is the external id", async () => {
    const { writes, outcome } = await planOf("user.created", user);
    expect(outcome).toEqual({ status: "applied" });
    expect(writes.contacts[0]).toMatchObject({
      id: user.id,
      role: "user",
      externalId: "legacy-42",
      email: "linus@example.com",
      location: { country: "France", region: "Rhône", city: "Lyon" },
      intercomUpdatedAt: new Date("2020-06-02T11:30:00.500Z"),
    });
    const lead = await planOf("user.created", { ...user, anonymous: true });
    expect(lead.writes.contacts[0]?.role).toBe("lead");
  });

  it("applies user.tag.created and user.deleted", async () => {
    const tagged = await planOf("user.tag.created", {
      type: "user_tag",
      user,
      tag: { type: "tag", id: "55", name: "Beta" },
      admin: { type: "admin" },
    });
    expect(tagged.outcome).toEqual({ status: "applied" });
    expect(tagged.writes.contactTags[0]).toMatchObject({ contactId: user.id, tagId: "55" });
    const deleted = await planOf("user.deleted", {
      type: "user",
      id: user.id,
      user_id: "legacy-42",
    });
    expect(deleted.outcome).toEqual({ status: "applied" });
    expect(deleted.writes.erasures[0]?.userIds).toEqual(["legacy-42"]);
  });

  it("maps a 1.x conversation's user, assignee and message", async () => {
    const { writes, outcome } = await planOf("conversation.user.created", {
      type: "conversation",
      id: "9001",
      created_at: 1_596_555_121,
      updated_at: 1_596_555_200,
      user: { type: "user", id: user.id, email: "" },
      assignee: { type: "nobody_admin", id: null },
      conversation_message: {
        type: "conversation_message",
        body: "<p>Hi</p>",
        author: { type: "user", id: user.id },
      },
      open: true,
      state: "open",
      read: false,
    });
    expect(outcome).toEqual({ status: "applied" });
    expect(writes.conversations[0]).toMatchObject({
      contactIds: [user.id],
      adminAssigneeId: null,
      sourceBody: "Hi",
    });
  });

  it("ignores a 1.x topic it cannot map, naming the setting to change", async () => {
    const { outcome } = await planOf("user.unsubscribed", user);
    expect(outcome).toMatchObject({
      status: "ignored",
      reason: expect.stringContaining("webhook API version"),
    });
  });
});
