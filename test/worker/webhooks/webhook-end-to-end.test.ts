import { describe, expect, it } from "vitest";
import { eventually } from "../../support/eventually.ts";
import { expectStatus } from "../../support/status.ts";
import {
  CONFIGURED_WORKSPACE,
  deliveriesByKey,
  getContact,
  notification,
  postWebhook,
  uniqueAppId,
} from "../../support/webhooks.ts";

/** Posts a signed notification and waits until the real queue consumer has processed it. */
async function deliver(body: string, until: "applied" | "ignored") {
  const res = await postWebhook(body);
  await expectStatus(res, 200);
  const { delivery_key: key } = (await res.json()) as { delivery_key: string };
  const workspace = (JSON.parse(body) as { app_id: string }).app_id;
  const rows = await eventually(
    () => deliveriesByKey(workspace, [key]),
    (r) => r.get(key)?.status === until,
  );
  return rows.get(key);
}

const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 12)}`;

describe("a webhook through the real queue", () => {
  it("is acknowledged, then applied by the queue consumer", async () => {
    const contactId = unique("lead-e2e");
    const n = notification("contact.lead.created", { appId: CONFIGURED_WORKSPACE, contactId });
    const row = await deliver(JSON.stringify(n), "applied");
    expect(row).toMatchObject({ topic: "contact.lead.created", status: "applied" });
    expect((await getContact(CONFIGURED_WORKSPACE, contactId)).body.role).toBe("lead");
  });

  it("stores a body too large for a queue message in Postgres before answering", async () => {
    const n = notification("contact.user.updated", {
      appId: CONFIGURED_WORKSPACE,
      contactId: unique("big-e2e"),
      item: { custom_attributes: { notes: "n".repeat(300 * 1024) } },
    });
    const res = await postWebhook(JSON.stringify(n));
    await expectStatus(res, 200);
    const { delivery_key: key } = (await res.json()) as { delivery_key: string };
    // Stored synchronously: visible at once, whatever the consumer has done yet.
    expect((await deliveriesByKey(CONFIGURED_WORKSPACE, [key])).has(key)).toBe(true);
    const rows = await eventually(
      () => deliveriesByKey(CONFIGURED_WORKSPACE, [key]),
      (r) => r.get(key)?.status === "applied",
    );
    expect(rows.get(key)?.status).toBe("applied");
  });

  it("stores and applies a delivery carrying U+0000, which Postgres cannot keep, as U+FFFD", async () => {
    const contactId = unique("nul-e2e");
    const n = notification("contact.user.updated", {
      appId: CONFIGURED_WORKSPACE,
      contactId,
      item: { name: "Ada\u0000Lovelace", custom_attributes: { "k\u0000": "v\u0000" } },
    });
    expect((await deliver(JSON.stringify(n), "applied"))?.status).toBe("applied");
    expect((await getContact(CONFIGURED_WORKSPACE, contactId)).body.name).toBe("Ada\uFFFDLovelace");
  });

  it("stores another workspace's notification, ignores it with the reason, and never applies it", async () => {
    const foreign = uniqueAppId();
    const contactId = unique("foreign-e2e");
    const email = `${contactId}@example.com`;
    const n = notification("contact.user.created", { appId: foreign, contactId, email });
    const row = await deliver(JSON.stringify(n), "ignored");
    expect(row?.ignoredReason).toContain(`for workspace ${foreign}`);
    expect(row?.ignoredReason).toContain("INTERCOM_WORKSPACE_ID");
    // Its people are not ours to hold: the content is not kept.
    expect(JSON.stringify(row?.payload)).not.toContain(email);
    expect((await getContact(CONFIGURED_WORKSPACE, contactId)).status).toBe(404);
    expect((await getContact(foreign, contactId)).status).toBe(404);
  });
});
