import { describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.ts";
import { expectStatus } from "../support/status.ts";
import {
  getContact,
  listDeliveries,
  notification,
  postWebhook,
  uniqueAppId,
} from "../support/webhooks.ts";

describe("a webhook through the real queue", () => {
  it("is acknowledged, then applied by the queue consumer", async () => {
    const appId = uniqueAppId();
    const n = notification("contact.lead.created", { appId, contactId: "lead-e2e" });
    const res = await postWebhook(JSON.stringify(n));
    await expectStatus(res, 200);
    const rows = await eventually(
      () => listDeliveries(appId),
      (r) => r[0]?.status === "applied",
    );
    expect(rows[0]).toMatchObject({ topic: "contact.lead.created", status: "applied" });
    expect((await getContact(appId, "lead-e2e")).body.role).toBe("lead");
  });

  it("stores a body too large for a queue message in Postgres before answering", async () => {
    const appId = uniqueAppId();
    const n = notification("contact.user.updated", {
      appId,
      contactId: "big-e2e",
      item: { custom_attributes: { notes: "n".repeat(300 * 1024) } },
    });
    const res = await postWebhook(JSON.stringify(n));
    await expectStatus(res, 200);
    // Stored synchronously: visible at once, whatever the consumer has done yet.
    expect((await listDeliveries(appId)).length).toBe(1);
    const rows = await eventually(
      () => listDeliveries(appId),
      (r) => r[0]?.status === "applied",
    );
    expect(rows[0]?.status).toBe("applied");
  });

  it("stores and applies a delivery carrying U+0000, which Postgres cannot keep, as U+FFFD", async () => {
    const appId = uniqueAppId();
    const n = notification("contact.user.updated", {
      appId,
      contactId: "nul-e2e",
      item: { name: "Ada\u0000Lovelace", custom_attributes: { "k\u0000": "v\u0000" } },
    });
    const res = await postWebhook(JSON.stringify(n));
    await expectStatus(res, 200);
    const rows = await eventually(
      () => listDeliveries(appId),
      (r) => r[0]?.status === "applied",
    );
    expect(rows[0]?.status).toBe("applied");
    expect((await getContact(appId, "nul-e2e")).body.name).toBe("Ada\uFFFDLovelace");
  });
});
