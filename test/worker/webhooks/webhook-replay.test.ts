import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createServices } from "../../../src/services.ts";
import { deliveryFrom } from "../../../src/webhooks/envelope.ts";
import { markDead, storeDeliveries } from "../../../src/webhooks/inbox.ts";
import { eventually } from "../../support/eventually.ts";
import { postAdmin } from "../../support/outbox.ts";
import { expectStatus } from "../../support/status.ts";
import {
  CONFIGURED_WORKSPACE,
  deliveriesByKey,
  getContact,
  notification,
  uniqueAppId,
} from "../../support/webhooks.ts";

/**
 * A valid delivery recorded dead, as one ends whose application kept failing through the
 * queue's retries (the dead-letter consumer applies what only waited out an outage).
 */
async function deadDelivery(appId: string, contactId: string) {
  const n = notification("contact.user.created", { appId, contactId });
  const delivery = await deliveryFrom(n, new Date());
  const services = createServices(env);
  try {
    await storeDeliveries(services.db(), [delivery]);
    await markDead(services.db(), [delivery], new Date(), "retries exhausted");
  } finally {
    await services.close();
  }
  return delivery.deliveryKey;
}

const replay = (key: string, appId: string) =>
  postAdmin(`/v1/webhooks/deliveries/${encodeURIComponent(key)}/replay?workspace_id=${appId}`, {});

describe("replaying a webhook delivery", () => {
  // Through the real queue: only the test Worker's own workspace is applied there.
  const appId = CONFIGURED_WORKSPACE;
  const statusOf = async (key: string) => (await deliveriesByKey(appId, [key])).get(key);

  it("applies a dead delivery again through the queue, then refuses a second replay", async () => {
    const contactId = `c-replay-${crypto.randomUUID().slice(0, 12)}`;
    const key = await deadDelivery(appId, contactId);
    expect(await statusOf(key)).toMatchObject({ status: "dead" });
    expect((await getContact(appId, contactId)).status).toBe(404);

    const res = await replay(key, appId);
    await expectStatus(res, 202);
    expect(await res.json()).toMatchObject({
      delivery_key: key,
      status: "received",
      changed: true,
    });
    const row = await eventually(
      () => statusOf(key),
      (r) => r?.status === "applied",
    );
    expect(row).toMatchObject({ status: "applied" });
    expect((await getContact(appId, contactId)).status).toBe(200);

    const again = await replay(key, appId);
    await expectStatus(again, 409);
    expect(((await again.json()) as { detail: string }).detail).toMatch(/applied/);
  });

  it("re-queues a delivery already waiting without changing it", async () => {
    const services = createServices(env);
    try {
      const contactId = `c-wait-${crypto.randomUUID().slice(0, 12)}`;
      const n = notification("contact.user.created", { appId, contactId });
      const delivery = await deliveryFrom(n, new Date());
      await storeDeliveries(services.db(), [delivery]);
      const res = await replay(delivery.deliveryKey, appId);
      await expectStatus(res, 202);
      expect(await res.json()).toMatchObject({ status: "received", changed: false });
      const row = await eventually(
        () => statusOf(delivery.deliveryKey),
        (r) => r?.status === "applied",
      );
      expect(row).toMatchObject({ status: "applied", attempts: 1 });
    } finally {
      await services.close();
    }
  });

  it("answers 404 for an unknown key", async () => {
    await expectStatus(await replay("notif_nobody", uniqueAppId()), 404);
  });
});
