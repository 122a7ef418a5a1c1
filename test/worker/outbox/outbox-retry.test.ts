import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outboxMessages } from "../../../src/db/schema/outbox.ts";
import { acceptWrites } from "../../../src/outbox/accept.ts";
import { createServices } from "../../../src/services.ts";
import { outboxRow, postAdmin, settled } from "../../support/outbox.ts";
import { expectStatus } from "../../support/status.ts";

/** A row whose retries ran out: stored without being queued, then marked dead. */
async function deadOutboxRow(attempts: number) {
  const services = createServices(env);
  try {
    const userId = `u_${crypto.randomUUID()}`;
    const [row] = await acceptWrites(
      [
        {
          kind: "contact.identify",
          subject: userId,
          idempotencyKey: `retry:${userId}`,
          payload: { userId },
        },
      ],
      {
        db: services.db(),
        logger: services.logger,
        queue: services.queues.outbox,
        workspaceId: services.config.INTERCOM_WORKSPACE_ID,
        deliveryEnabled: false,
        hashKey: services.config.ERASURE_HASH_KEY,
      },
    );
    const id = row?.id ?? "";
    await services
      .db()
      .update(outboxMessages)
      .set({ status: "dead", attempts, lastError: "retries exhausted" })
      .where(eq(outboxMessages.id, id));
    return id;
  } finally {
    await services.close();
  }
}

describe("retrying an outbox row", () => {
  it("sends a dead row again with its attempts reset, then refuses once delivered", async () => {
    const id = await deadOutboxRow(10);
    expect(await outboxRow(id)).toMatchObject({ status: "dead", attempts: 10 });
    const res = await postAdmin(`/v1/outbox/${id}/retry`, {});
    await expectStatus(res, 202);
    expect(await res.json()).toMatchObject({ id, status: "pending", attempts: 0, changed: true });
    const row = await settled(id);
    expect(row).toMatchObject({ status: "delivered", attempts: 1 });

    const again = await postAdmin(`/v1/outbox/${id}/retry`, {});
    await expectStatus(again, 409);
  });

  it("is one retry when asked twice", async () => {
    const id = await deadOutboxRow(3);
    const [first, second] = await Promise.all([
      postAdmin(`/v1/outbox/${id}/retry`, {}),
      postAdmin(`/v1/outbox/${id}/retry`, {}),
    ]);
    await expectStatus(first, 202);
    await expectStatus(second, 202);
    const changed = [await first.json(), await second.json()].map(
      (b) => (b as { changed: boolean }).changed,
    );
    expect(changed.filter(Boolean)).toHaveLength(1);
    expect(await settled(id)).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("answers 404 for an unknown row and 400 for a malformed id", async () => {
    await expectStatus(await postAdmin(`/v1/outbox/${crypto.randomUUID()}/retry`, {}), 404);
    const bad = await postAdmin("/v1/outbox/not-a-uuid/retry", {});
    await expectStatus(bad, 400);
    expect(await bad.text()).toMatch(/id/);
  });
});
