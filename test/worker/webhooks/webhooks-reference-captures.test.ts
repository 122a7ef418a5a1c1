import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  contactIn,
  expectContactRecord,
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
 * Every delivery in ../shared/reference/intercom-webhook-payloads/ (what real Intercom
 * workspaces sent, kept by other integrations), signed and posted to the running Worker, each
 * into a workspace of its own (its `app_id` rewritten; nothing else is touched).
 */
const folder = inject("referenceWebhooks");

describe("Intercom's real webhook deliveries (reference captures)", () => {
  if (folder.missing) {
    it("has the reference captures to send", (ctx) => {
      const message = `no reference webhook captures at ${folder.dir} (${folder.missing}); they live beside the checkout in ../shared/reference`;
      if (folder.ci) throw new Error(message);
      console.warn(`SKIPPED: ${message}`);
      ctx.skip(message);
    });
    return;
  }

  const cases = folder.files.map((f) => {
    const appId = uniqueAppId();
    const { body, notification } = inWorkspace(f.text, appId);
    return { name: f.name, appId, body, notification, topic: String(notification.topic) };
  });

  beforeAll(async () => {
    for (const c of cases) await post(c.body);
  }, 60_000);

  it("are all here", () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  it.for(cases.map((c) => [c.name, c] as const))(
    "%s is accepted, stored, and applied (or ignored where allowed)",
    async ([, c]) => {
      const rows = await settled(c.appId, 1);
      expectOutcomes(rows, 1);
    },
  );

  const withContact = cases.filter(
    (c) => !IGNORABLE_TOPICS.has(c.topic) && contactIn(c.notification),
  );
  it.for(withContact.map((c) => [c.name, c] as const))(
    "%s leaves the contact it carries, with the delivered instants",
    async ([, c]) => {
      await settled(c.appId, 1);
      const body = await expectContactRecord(c.appId, contactIn(c.notification) as Json);
      const tag = itemOf(c.notification).tag as Json | undefined;
      if (tag) expect(body.tags).toContainEqual({ id: tag.id, name: tag.name });
    },
  );

  /** Our own notification creating the contact a capture is about, under the capture's ids. */
  function ownCreation(c: (typeof cases)[number], appId: string): string {
    const v1 = c.topic.startsWith("user.");
    const own = OWN_WEBHOOKS.find(
      (f) => f.name === (v1 ? "v1.user.created.json" : "contact.user.created.json"),
    );
    if (!own) throw new Error("no own creation fixture");
    const { notification } = inWorkspace(own.text, appId);
    const ref = itemOf(c.notification);
    // An hour before the capture's event, so the contact existed when it happened.
    const before = new Date((Number(c.notification.created_at) - 3600) * 1000).toISOString();
    Object.assign(
      itemOf(notification),
      { id: ref.id, created_at: before, updated_at: before, signed_up_at: null },
      v1 ? { user_id: ref.user_id } : { last_seen_at: null },
    );
    notification.created_at = Number(c.notification.created_at) - 3600;
    return JSON.stringify(notification);
  }

  const lifecycle = cases.filter((c) =>
    ["contact.deleted", "user.deleted", "contact.archived"].includes(c.topic),
  );
  it.for(lifecycle.map((c) => [c.name, c] as const))(
    "%s removes or archives the contact it names",
    async ([, c]) => {
      const appId = uniqueAppId();
      await post(ownCreation(c, appId));
      await settled(appId, 1);
      await post(inWorkspace(JSON.stringify(c.notification), appId).body);
      expectOutcomes(await settled(appId, 2), 2);
      const found = await getContact(appId, String(itemOf(c.notification).id));
      if (c.topic === "contact.archived") expect(found.body.archived).toBe(true);
      else expect(found.status).toBe(404);
    },
  );
});
