import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { deliverDepsFor } from "../../../src/deps.ts";
import { checkHealth } from "../../../src/health/check.ts";
import { acceptWrites } from "../../../src/outbox/accept.ts";
import { processOutboxBatch } from "../../../src/outbox/process.ts";
import { findDue } from "../../../src/outbox/rows.ts";
import { createServices } from "../../../src/services.ts";
import { fixedClock } from "../../../src/shared/clock.ts";
import { postAdmin, settled } from "../../support/outbox.ts";

describe("the outbox without and then with Intercom credentials", () => {
  it("stores writes while Intercom is unconfigured and delivers the backlog once it is", async () => {
    const { INTERCOM_ACCESS_TOKEN: _, ...bare } = env;
    const offline = createServices(bare as Env);
    try {
      expect((await checkHealth(offline)).status).toBe("degraded");
      const userId = `u_${crypto.randomUUID()}`;
      const [row] = await acceptWrites(
        [
          {
            kind: "contact.identify",
            subject: userId,
            idempotencyKey: `backlog:${userId}`,
            payload: { userId },
          },
        ],
        {
          db: offline.db(),
          logger: offline.logger,
          queue: offline.queues.outbox,
          workspaceId: offline.config.INTERCOM_WORKSPACE_ID,
          deliveryEnabled: Boolean(offline.config.INTERCOM_ACCESS_TOKEN),
          hashKey: offline.config.ERASURE_HASH_KEY,
        },
      );
      const id = row?.id ?? "";
      const waiting = await processOutboxBatch([id], {
        db: offline.db(),
        clock: offline.clock,
        logger: offline.logger,
        deliver: deliverDepsFor(offline),
      });
      expect(waiting).toMatchObject({ delivered: 0, skipped: 1 });

      const online = createServices(env);
      try {
        // The cron sweep, a few minutes later, finds it due and not leased.
        const later = fixedClock(new Date(Date.now() + 10 * 60_000));
        expect(await findDue(online.db(), later.now(), 5000)).toContain(id);
        const result = await processOutboxBatch([id], {
          db: online.db(),
          clock: online.clock,
          logger: online.logger,
          deliver: deliverDepsFor(online),
        });
        expect(result.delivered).toBe(1);
      } finally {
        await online.close();
      }
    } finally {
      await offline.close();
    }
  });

  it("records a write Intercom refuses for good as dead, with the reason", async () => {
    const userId = `u_${crypto.randomUUID()}`;
    const identify = await postAdmin("/v1/contacts/identify", { user_id: userId });
    const identifyId =
      ((await identify.json()) as { data: Array<{ id: string }> }).data[0]?.id ?? "";
    await settled(identifyId);
    const res = await postAdmin("/v1/messages", {
      user_id: userId,
      type: "inapp",
      body: "Hi",
      from_admin_id: "999",
    });
    const id = ((await res.json()) as { data: Array<{ id: string }> }).data[0]?.id ?? "";
    const row = await settled(id);
    expect(row).toMatchObject({ status: "dead" });
    expect(row?.last_error).toMatch(/admin_not_found/);
  });
});
