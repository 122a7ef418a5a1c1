import { beforeAll, describe, expect, it } from "vitest";
import {
  contactIn,
  conversationRow,
  expectContactRecord,
  expectConversationRecord,
  expectOutcomes,
  IGNORABLE_TOPICS,
  inWorkspace,
  itemOf,
  type Json,
  OWN_WEBHOOKS,
  post,
  settled,
} from "../../support/real-shapes.ts";
import { getContact, uniqueAppId } from "../../support/webhooks.ts";

/**
 * Every notification of test/fixtures/intercom-real/webhooks/, in the shapes Intercom really
 * sends, signed and posted to the Worker, each into a workspace of its own. A notification
 * about something that must exist first (a deletion, an archive, an untag) follows the one
 * that creates it, applied before it is sent.
 */
const FIRST: Record<string, string> = {
  "contact.archived.json": "contact.user.created.json",
  "contact.deleted.json": "contact.user.created.json",
  "contact.user.tag.deleted.json": "contact.user.tag.created.json",
  "contact.lead.tag.deleted.json": "contact.lead.tag.created.json",
  "conversation.deleted.json": "conversation.user.created.json",
  "v1.user.deleted.json": "v1.user.created.json",
  "v1.user.tag.deleted.json": "v1.user.tag.created.json",
};

const text = (name: string) => {
  const file = OWN_WEBHOOKS.find((f) => f.name === name);
  if (!file) throw new Error(`no fixture ${name}`);
  return file.text;
};

interface Case {
  name: string;
  appId: string;
  notification: Json;
  topic: string;
  deliveries: number;
}

const cases: Case[] = OWN_WEBHOOKS.map((f) => {
  const appId = uniqueAppId();
  const { notification } = inWorkspace(f.text, appId);
  return {
    name: f.name,
    appId,
    notification,
    topic: String(notification.topic),
    deliveries: FIRST[f.name] ? 2 : 1,
  };
});

beforeAll(async () => {
  // Preconditions first, settled, so each case below sees its own notification's effect.
  await Promise.all(
    cases.map(async (c) => {
      const first = FIRST[c.name];
      if (!first) return;
      await post(inWorkspace(text(first), c.appId).body);
      await settled(c.appId, 1);
    }),
  );
  for (const c of cases) await post(JSON.stringify(c.notification));
}, 120_000);

describe("our notifications of real shapes, each through the Worker", () => {
  it("covers every topic the brief lists", () => {
    const topics = new Set(cases.map((c) => c.topic));
    for (const topic of [
      "contact.user.created",
      "contact.lead.signed_up",
      "contact.unarchived",
      "contact.merged",
      "conversation.admin.open.assigned",
      "conversation.operator.replied",
      "conversation_part.redacted",
      "visitor.signed_up",
      "ping",
      "user.tag.deleted",
    ])
      expect(topics).toContain(topic);
    expect(cases.length).toBeGreaterThanOrEqual(46);
  });

  it.for(cases.map((c) => [c.name, c] as const))(
    "%s is accepted and applied (or ignored where allowed)",
    async ([, c]) => {
      const rows = await settled(c.appId, c.deliveries);
      expectOutcomes(rows, c.deliveries);
    },
  );

  const contacts = cases.filter((c) => !IGNORABLE_TOPICS.has(c.topic) && contactIn(c.notification));
  it.for(contacts.map((c) => [c.name, c] as const))(
    "%s leaves the contact as delivered, instants included",
    async ([, c]) => {
      await settled(c.appId, c.deliveries);
      const delivered = contactIn(c.notification) as Json;
      const body = await expectContactRecord(c.appId, delivered);
      const tag = itemOf(c.notification).tag as Json | undefined;
      if (tag && c.topic.endsWith(".tag.created"))
        expect(body.tags).toContainEqual({ id: tag.id, name: tag.name });
      if (tag && c.topic.endsWith(".tag.deleted"))
        expect((body.tags as Json[]).map((t) => t.id)).not.toContain(tag.id);
      if (c.topic === "contact.unarchived") expect(body.archived).toBe(false);
    },
  );

  // Ignorable topics that carry a whole conversation are checked too when the service
  // applies them (conversation.read, conversation_part.*): applied means applied right.
  const conversationCases = cases.filter(
    (c) =>
      itemOf(c.notification).type === "conversation" &&
      typeof itemOf(c.notification).id === "string",
  );
  it.for(conversationCases.map((c) => [c.name, c] as const))(
    "%s leaves the conversation as delivered",
    async ([, c]) => {
      const rows = await settled(c.appId, c.deliveries);
      if (IGNORABLE_TOPICS.has(c.topic) && rows.every((r) => r.status === "ignored")) return;
      await expectConversationRecord(c.appId, itemOf(c.notification));
    },
  );

  const byName = (name: string) => {
    const found = cases.find((c) => c.name === name);
    if (!found) throw new Error(`no case ${name}`);
    return found;
  };

  it("contact.archived (only id, external_id, archived) archives the contact", async () => {
    const c = byName("contact.archived.json");
    await settled(c.appId, 2);
    const { status, body } = await getContact(c.appId, String(itemOf(c.notification).id));
    expect(status).toBe(200);
    expect(body.archived).toBe(true);
  });

  it.for(["contact.deleted.json", "v1.user.deleted.json"])(
    "%s removes the contact",
    async (name) => {
      const c = byName(name);
      await settled(c.appId, 2);
      expect((await getContact(c.appId, String(itemOf(c.notification).id))).status).toBe(404);
    },
  );

  it("conversation.deleted (conversation_id, no id) tombstones the conversation", async () => {
    const c = byName("conversation.deleted.json");
    await settled(c.appId, 2);
    const id = String(itemOf(c.notification).conversation_id);
    const row = await conversationRow(c.appId, id);
    expect(row?.deletedAt, `conversation ${id} tombstoned`).toBeInstanceOf(Date);
  });
});
