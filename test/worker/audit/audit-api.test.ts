import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import {
  adminHeaders,
  adminKeyRef,
  adminPost,
  auditWorkspace,
  deadDelivery,
  deadOutboxRow,
  oneNewEntry,
} from "../../support/audit.ts";
import { insertRun } from "../../support/retention.ts";
import { expectStatus } from "../../support/status.ts";

/**
 * Each operator write through the API records exactly one entry: the admin key as a keyed
 * reference, the target as an opaque id, the address as a keyed hash, and nothing that names
 * the person the action was about.
 */
const ws = auditWorkspace("api");
afterAll(() => ws.services.close());

const byKey = async () => ({ kind: "admin_key", ref: await adminKeyRef() });
const actorOf = (row: Record<string, unknown>) => ({ kind: row.actor_kind, ref: row.actor_ref });

describe("the audit log of API actions", () => {
  it("webhook.replay: the delivery key, not the contact it is about; a refusal is an entry too", async () => {
    const email = `grace.${crypto.randomUUID().slice(0, 8)}@example.com`;
    const key = await deadDelivery(ws, email);
    const before = (await ws.rows()).length;
    const path = `/v1/webhooks/deliveries/${encodeURIComponent(key)}/replay?workspace_id=${ws.id}`;
    await expectStatus(await ws.send(path, adminPost()), 202);
    const row = await oneNewEntry(ws, before, [email, "203.0.113.7"]);
    expect(row).toMatchObject({
      action: "webhook.replay",
      outcome: "ok",
      reason: null,
      target: key,
      detail: { changed: true },
      from_country: null,
    });
    expect(actorOf(row)).toEqual(await byKey());
    // The address is a keyed hash of its group, never the address.
    expect(row.from_address).toMatch(/^[0-9a-f]{16}$/);
    expect(row.request_id).toEqual(expect.any(String));

    const unknown = "notif_audit_unknown";
    await expectStatus(
      await ws.send(`/v1/webhooks/deliveries/${unknown}/replay`, adminPost()),
      404,
    );
    expect(await oneNewEntry(ws, before + 1)).toMatchObject({
      action: "webhook.replay",
      outcome: "refused",
      reason: "not_found",
      target: unknown,
    });
  });

  it("webhook.replay_bulk: the filter and the count, in one entry", async () => {
    const email = `ada.${crypto.randomUUID().slice(0, 8)}@example.com`;
    await deadDelivery(ws, email);
    const before = (await ws.rows()).length;
    const res = await ws.send(
      "/v1/webhooks/deliveries/replay",
      adminPost({ status: "dead", workspace_id: ws.id, topic: "contact.user.created" }),
    );
    await expectStatus(res, 202);
    const row = await oneNewEntry(ws, before, [email]);
    expect(row).toMatchObject({
      action: "webhook.replay_bulk",
      outcome: "ok",
      target: null,
      detail: {
        status: "dead",
        workspace_id: ws.id,
        topic: "contact.user.created",
        replayed: 1,
        more: false,
      },
    });
    expect(actorOf(row)).toEqual(await byKey());
  });

  it("outbox.retry: the outbox id, not the user id of the write", async () => {
    const userId = `u_audit_${crypto.randomUUID()}`;
    const id = await deadOutboxRow(ws, userId);
    const before = (await ws.rows()).length;
    await expectStatus(await ws.send(`/v1/outbox/${id}/retry`, adminPost()), 202);
    const row = await oneNewEntry(ws, before, [userId]);
    expect(row).toMatchObject({ action: "outbox.retry", outcome: "ok", target: id });
    expect(actorOf(row)).toEqual(await byKey());
  });

  it("sync.start: the run id, kind and mode; a 409 is refused", async () => {
    const before = (await ws.rows()).length;
    const res = await ws.send("/v1/sync/contacts", adminPost({ hours_back: 1 }));
    await expectStatus(res, 202);
    const { id } = (await res.json()) as { id: string };
    const row = await oneNewEntry(ws, before);
    expect(row).toMatchObject({
      action: "sync.start",
      outcome: "ok",
      target: id,
      detail: { kind: "contacts", mode: "incremental", hours_back: 1 },
    });
    // A second start while one runs is refused, and recorded as such, once.
    const other = auditWorkspace("api_running");
    const running = await insertRun(other.services.db(), other.id, {
      status: "running",
      finishedAt: new Date(),
    });
    try {
      await expectStatus(await other.send("/v1/sync/contacts", adminPost({})), 409);
      expect(await oneNewEntry(other, 0)).toMatchObject({
        action: "sync.start",
        outcome: "refused",
        reason: "conflict",
        target: null,
        detail: { kind: "contacts", mode: "incremental" },
      });
    } finally {
      // No sweep of another test may find a run that nothing will ever finish.
      await other.services.db().execute(sql`delete from sync_partitions where run_id = ${running}`);
      await other.services.db().execute(sql`delete from sync_runs where id = ${running}`);
      await other.services.close();
    }
    await waitForRun(id);
  });

  it("erasure.request: the erasure id and how the person was named, never who", async () => {
    const userId = `u_erase_${crypto.randomUUID()}`;
    const before = (await ws.rows()).length;
    const res = await ws.send(`/v1/contacts/${userId}`, {
      method: "DELETE",
      headers: adminHeaders,
    });
    await expectStatus(res, 202);
    const { erasure } = (await res.json()) as { erasure: { id: string } };
    const row = await oneNewEntry(ws, before, [userId]);
    expect(row).toMatchObject({
      action: "erasure.request",
      outcome: "ok",
      target: erasure.id,
      detail: { by: "user_id" },
    });
    expect(actorOf(row)).toEqual(await byKey());

    // By an email nobody has: refused, and the email is nowhere in the entry.
    const email = `nobody.${crypto.randomUUID().slice(0, 8)}@example.com`;
    const missing = await ws.send(`/v1/contacts/${encodeURIComponent(email)}?by=email`, {
      method: "DELETE",
      headers: adminHeaders,
    });
    await expectStatus(missing, 404);
    expect(await oneNewEntry(ws, before + 1, [email])).toMatchObject({
      action: "erasure.request",
      outcome: "refused",
      reason: "not_found",
      target: null,
      detail: { by: "email" },
    });
  });

  it("suppression.lift: the suppression's id, refused when there is no such one", async () => {
    const userId = `u_lift_${crypto.randomUUID()}`;
    const erased = await ws.send(`/v1/contacts/${userId}`, {
      method: "DELETE",
      headers: adminHeaders,
    });
    await expectStatus(erased, 202);
    const { erasure } = (await erased.json()) as { erasure: { suppression_id: string } };
    const before = (await ws.rows()).length;
    const lift = await ws.send(`/v1/suppressions/${erasure.suppression_id}`, {
      method: "DELETE",
      headers: adminHeaders,
    });
    await expectStatus(lift, 200);
    const row = await oneNewEntry(ws, before, [userId]);
    expect(row).toMatchObject({
      action: "suppression.lift",
      outcome: "ok",
      target: erasure.suppression_id,
    });
    expect(actorOf(row)).toEqual(await byKey());
    const unknown = crypto.randomUUID();
    const missing = await ws.send(`/v1/suppressions/${unknown}`, {
      method: "DELETE",
      headers: adminHeaders,
    });
    await expectStatus(missing, 404);
    expect(await oneNewEntry(ws, before + 1)).toMatchObject({
      action: "suppression.lift",
      outcome: "refused",
      target: unknown,
    });
  });

  it("sync.conversation: the conversation id, refused when Intercom has no such one", async () => {
    const before = (await ws.rows()).length;
    const id = String(9_000_000_000_000 + Math.floor(Math.random() * 1e9));
    const res = await ws.send(`/v1/sync/conversations/${id}`, adminPost());
    await expectStatus(res, 404);
    const row = await oneNewEntry(ws, before);
    expect(row).toMatchObject({
      action: "sync.conversation",
      outcome: "refused",
      reason: "not_found",
      target: id,
    });
    expect(actorOf(row)).toEqual(await byKey());
  });

  it("sessions.end_all: how many were ended", async () => {
    const before = (await ws.rows()).length;
    const res = await ws.send("/v1/sessions", { method: "DELETE", headers: adminHeaders });
    await expectStatus(res, 200);
    const row = await oneNewEntry(ws, before);
    expect(row).toMatchObject({ action: "sessions.end_all", outcome: "ok", detail: { ended: 0 } });
  });

  it("a refused key and a malformed request record nothing", async () => {
    const before = (await ws.rows()).length;
    const wrong = await ws.send("/v1/sessions", {
      method: "DELETE",
      headers: { authorization: "Bearer not-the-key" },
    });
    await expectStatus(wrong, 401);
    await expectStatus(await ws.send("/v1/outbox/not-a-uuid/retry", adminPost()), 400);
    expect(await ws.rows()).toHaveLength(before);
  });
});

/** Lets the small run finish, so no step of it is still working when the file ends. */
async function waitForRun(id: string) {
  for (let i = 0; i < 150; i++) {
    const res = await ws.send(`/v1/sync/runs/${id}`, { headers: adminHeaders });
    const run = (await res.json()) as { status: string };
    if (run.status !== "running") return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
