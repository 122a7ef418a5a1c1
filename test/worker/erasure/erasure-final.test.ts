import { env } from "cloudflare:workers";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { contacts, customers, erasures, outboxMessages } from "../../../src/db/schema/index.ts";
import { deliverDepsFor } from "../../../src/deps.ts";
import { eraseOnRequest } from "../../../src/erasure/admin.ts";
import { processOutboxBatch } from "../../../src/outbox/process.ts";
import { storeWrites } from "../../../src/outbox/rows.ts";
import { createServices } from "../../../src/services.ts";
import { contractFetch } from "../../support/contract.ts";
import { findEverywhere, person } from "../../support/erasure.ts";
import { postAdmin } from "../../support/outbox.ts";
import { RACE_SANDBOX, raceLatency } from "../../support/race-sandbox.ts";
import { expectStatus } from "../../support/status.ts";
import { runSync, sandbox, servicesPerTest, syncServices } from "../../support/sync.ts";
import {
  ADMIN_KEY,
  BASE,
  consume,
  getContact,
  notification,
  uniqueAppId,
} from "../../support/webhooks.ts";

// The test Worker's own workspace (the DELETE route erases there), Intercom the slow sandbox.
const racing = createServices({ ...env, INTERCOM_API_BASE: RACE_SANDBOX } as Env);
const perTest = servicesPerTest(syncServices);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterAll(async () => {
  await raceLatency(0);
  await racing.close();
});

const eraseByUserId = (userId: string) =>
  contractFetch(`${BASE}/v1/contacts/${userId}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });

describe("erasure is final", () => {
  it("cancels a write that is on its way to Intercom, and its answer does not undo that", async () => {
    const db = racing.db();
    const userId = `u_race_${crypto.randomUUID().slice(0, 8)}`;
    const [row] = await storeWrites(db, racing.config.INTERCOM_WORKSPACE_ID, [
      {
        kind: "contact.identify",
        subject: userId,
        idempotencyKey: `identify:${userId}`,
        payload: { userId, name: "Rae Race" },
      },
    ]);
    const id = row?.id ?? "";
    await raceLatency(1_500);
    let finished = false;
    const sending = processOutboxBatch([id], {
      db,
      clock: racing.clock,
      logger: racing.logger,
      deliver: deliverDepsFor(racing),
    }).finally(() => {
      finished = true;
    });
    // Leased and sent: the identify is now waiting on Intercom's slow answer.
    for (let i = 0; i < 50; i++) {
      const [leased] = await db
        .select({ id: outboxMessages.id })
        .from(outboxMessages)
        .where(and(eq(outboxMessages.id, id), isNotNull(outboxMessages.leaseToken)));
      if (leased) break;
      await sleep(50);
    }
    await sleep(300);
    const erased = await eraseByUserId(userId);
    await expectStatus(erased, 202);
    expect(finished).toBe(false);
    const body = (await erased.json()) as { erasure: { removed: Record<string, number> } };
    expect(body.erasure.removed.outbox_cancelled).toBe(1);

    const result = await sending;
    await raceLatency(0);
    // Intercom answered, but the row had been cancelled meanwhile: the cancellation stands.
    expect(result).toMatchObject({ delivered: 0, skipped: 1 });
    const [settled] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
    expect(settled).toMatchObject({
      status: "cancelled",
      lastError: "cancelled: the person it is about was erased",
      payload: { erased: true },
      result: null,
      leaseToken: null,
    });
    // And it is never sent again.
    const retry = await postAdmin(`/v1/outbox/${id}/retry`, {});
    await expectStatus(retry, 409);
    expect(((await retry.json()) as { detail: string }).detail).toMatch(/cancelled/);
  });

  it("reaches a person stored under another workspace", async () => {
    const foreign = uniqueAppId();
    const p = person();
    // Applied under another workspace: as a deployment configured for it once did.
    await consume([
      notification("contact.user.created", {
        appId: foreign,
        contactId: p.contactId,
        email: p.email,
        item: { name: p.name, external_id: p.userId },
      }),
    ]);
    expect((await getContact(foreign, p.contactId)).status).toBe(200);

    const erased = await eraseByUserId(p.userId);
    await expectStatus(erased, 202);
    const body = (await erased.json()) as {
      data: Array<{ id: string }>;
      erasure: { removed: Record<string, number> };
    };
    expect(body.erasure.removed.contacts).toBe(1);
    expect((await getContact(foreign, p.contactId)).status).toBe(404);
    expect(await findEverywhere(racing.db(), [p.email, p.name])).toEqual([]);
    const records = await racing
      .db()
      .select()
      .from(erasures)
      .where(eq(erasures.workspaceId, foreign));
    expect(records).toEqual([
      expect.objectContaining({
        requestedBy: "admin_api",
        reference: body.data[0]?.id,
        intercomContactIds: [p.contactId],
      }),
    ]);
  });

  it("keeps a suppressed person's contact out of a contact sync", async () => {
    const s = perTest();
    const workspaceId = s.config.INTERCOM_WORKSPACE_ID;
    const p = person();
    const created = await sandbox("/contacts", {
      method: "POST",
      body: JSON.stringify({ external_id: p.userId, email: p.email, name: p.name }),
    });
    await expectStatus(created, 200);
    const contactId = String(created.body.id);
    // The product erased them before this workspace ever synced them.
    await eraseOnRequest(
      s.db(),
      {
        workspaceId,
        userId: p.userId,
        outboxRowId: crypto.randomUUID(),
        hashKey: s.config.ERASURE_HASH_KEY,
      },
      new Date(),
    );

    await runSync(s, "incremental");
    const [row] = await s
      .db()
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
    // Erased on sight: a tombstone, no personal data, no customer row for their email.
    expect(row).toMatchObject({ deletedAt: expect.any(Date), email: null, externalId: null });
    const customer = await s
      .db()
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), eq(customers.email, p.email)));
    expect(customer).toEqual([]);
    const [record] = await s
      .db()
      .select()
      .from(erasures)
      .where(eq(erasures.workspaceId, workspaceId));
    expect(record?.intercomContactIds).toEqual([contactId]);
    // Other contacts of the page were written as usual.
    const live = await s
      .db()
      .select({ id: contacts.id })
      .from(contacts)
      .where(eq(contacts.workspaceId, workspaceId));
    expect(live.length).toBeGreaterThan(1);
  });
});
