import { describe, expect, it } from "vitest";
import {
  conversationRow,
  expectContactRecord,
  expectConversationRecord,
  expectOutcomes,
  inWorkspace,
  itemOf,
  type Json,
  OWN_WEBHOOKS,
  post,
  settled,
} from "../../support/real-shapes.ts";
import { getContact, listDeliveries, uniqueAppId } from "../../support/webhooks.ts";

/** Real-shape notifications delivered late, early and twice, as Intercom may. */
function fixture(name: string, appId: string) {
  const file = OWN_WEBHOOKS.find((f) => f.name === name);
  if (!file) throw new Error(`no fixture ${name}`);
  return inWorkspace(file.text, appId);
}

/**
 * Posts each in turn, waiting for it to settle before the next. Small bodies are stored by the
 * queue consumer, after the answer, so the count to wait for includes what came before.
 */
async function deliverInTurn(appId: string, names: string[]) {
  const before = (await listDeliveries(appId)).length;
  for (const [i, name] of names.entries()) {
    await post(fixture(name, appId).body);
    await settled(appId, before + i + 1);
  }
  return listDeliveries(appId);
}

const contactId = (appId: string) =>
  String(itemOf(fixture("contact.user.created.json", appId).notification).id);

describe("real-shape notifications in any order, duplicates and all", () => {
  it("archives, then unarchives", async () => {
    const appId = uniqueAppId();
    await deliverInTurn(appId, ["contact.user.created.json", "contact.archived.json"]);
    expect((await getContact(appId, contactId(appId))).body.archived).toBe(true);
    const rows = await deliverInTurn(appId, ["contact.unarchived.json"]);
    expectOutcomes(rows, 3);
    expect((await getContact(appId, contactId(appId))).body.archived).toBe(false);
  });

  it("keeps an archive that arrived before the contact it archives", async () => {
    const appId = uniqueAppId();
    const rows = await deliverInTurn(appId, ["contact.archived.json", "contact.user.created.json"]);
    expectOutcomes(rows, 2);
    const created = fixture("contact.user.created.json", appId).notification;
    const body = await expectContactRecord(appId, itemOf(created));
    expect(body.archived).toBe(true);
  });

  it("tags, then untags", async () => {
    const appId = uniqueAppId();
    await deliverInTurn(appId, ["contact.user.created.json", "contact.user.tag.created.json"]);
    const tagged = (await getContact(appId, contactId(appId))).body;
    expect(tagged.tags).toEqual([{ id: "7730411", name: "Churn risk" }]);
    const rows = await deliverInTurn(appId, ["contact.user.tag.deleted.json"]);
    expectOutcomes(rows, 3);
    expect((await getContact(appId, contactId(appId))).body.tags).toEqual([]);
  });

  it("applies the same notification once, and its retry too", async () => {
    const appId = uniqueAppId();
    const { body } = fixture("contact.user.created.json", appId);
    await post(body);
    await post(body);
    // The redelivery of contact.user.updated: first its pending attempt, then the retry.
    const retried = fixture("contact.user.updated.json", appId).notification;
    await post(JSON.stringify({ ...retried, delivery_status: "pending", delivery_attempts: 1 }));
    await post(JSON.stringify(retried));
    await settled(appId, 2);
    // Time for the duplicates to reach the consumer too, had they been stored apart.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expectOutcomes(await settled(appId, 2), 2);
    await expectContactRecord(appId, itemOf(retried));
  });

  it("keeps the newer contact when an older update arrives after it", async () => {
    const appId = uniqueAppId();
    const rows = await deliverInTurn(appId, [
      "contact.email.updated.json",
      "contact.user.created.json",
    ]);
    expectOutcomes(rows, 2);
    const newer = fixture("contact.email.updated.json", appId).notification;
    await expectContactRecord(appId, itemOf(newer));
  });

  it("does not bring back a deleted contact with an older update", async () => {
    const appId = uniqueAppId();
    const rows = await deliverInTurn(appId, [
      "contact.user.created.json",
      "contact.deleted.json",
      "contact.merged.json",
    ]);
    expectOutcomes(rows, 3);
    expect((await getContact(appId, contactId(appId))).status).toBe(404);
  });

  it("keeps the newer conversation when an older notification arrives after it", async () => {
    const appId = uniqueAppId();
    const rows = await deliverInTurn(appId, [
      "conversation.admin.closed.json",
      "conversation.user.replied.json",
    ]);
    expectOutcomes(rows, 2);
    const closed = fixture("conversation.admin.closed.json", appId).notification;
    await expectConversationRecord(appId, itemOf(closed));
  });

  it("keeps a deleted conversation deleted when a late notification about it arrives", async () => {
    const appId = uniqueAppId();
    const rows = await deliverInTurn(appId, [
      "conversation.user.created.json",
      "conversation.deleted.json",
      "conversation.admin.replied.json",
    ]);
    expectOutcomes(rows, 3);
    const id = String(
      itemOf(fixture("conversation.deleted.json", appId).notification).conversation_id,
    );
    expect((await conversationRow(appId, id))?.deletedAt).toBeInstanceOf(Date);
  });

  it("applies a conversation's notifications out of order, ending at the newest", async () => {
    const appId = uniqueAppId();
    // Alphabetical, which is not the order they happened in.
    const story = OWN_WEBHOOKS.map((f) => f.name).filter(
      (n) => n.startsWith("conversation.") && !n.includes("deleted") && !n.includes("contact."),
    );
    const notifications = story.map((n) => fixture(n, appId).notification);
    const last = notifications.reduce((a, b) =>
      Number(itemOf(b).updated_at) > Number(itemOf(a).updated_at) && itemOf(b).id === itemOf(a).id
        ? b
        : a,
    );
    const rows = await deliverInTurn(appId, story);
    expectOutcomes(rows, story.length);
    await expectConversationRecord(appId, itemOf(last) as Json);
  });
});
