import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { contacts, outboxMessages } from "../../../src/db/schema/index.ts";
import { createServices } from "../../../src/services.ts";
import { contractFetch } from "../../support/contract.ts";
import { findEverywhere, person } from "../../support/erasure.ts";
import { postAdmin, settled } from "../../support/outbox.ts";
import { expectStatus } from "../../support/status.ts";
import { servicesPerTest } from "../../support/sync.ts";
import { postTrack, uniqueAddress, userToken } from "../../support/track.ts";
import {
  ADMIN_KEY,
  admin,
  BASE,
  consume,
  getContact,
  listDeliveries,
  notification,
} from "../../support/webhooks.ts";

const services = servicesPerTest(() => createServices(env as unknown as Env));
const AT = Math.floor(Date.now() / 1000) - 600;

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  suppression?: string;
}

async function expectErasedProblem(res: Response, suppression: string) {
  await expectStatus(res, 409);
  const problem = (await res.json()) as Problem;
  expect(problem).toMatchObject({
    type: "https://intercom-bridge.dev/problems/erased",
    title: "Person erased",
    suppression,
  });
  expect(problem.detail).toContain(`DELETE /v1/suppressions/${suppression}`);
}

const erase = (userId: string) =>
  contractFetch(`${BASE}/v1/contacts/${userId}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
const lift = (id: string) =>
  contractFetch(`${BASE}/v1/suppressions/${id}`, {
    method: "DELETE",
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
const track = async (userId: string) =>
  postTrack(
    { events: [{ event_name: "viewed-report" }] },
    {
      authorization: `Bearer ${await userToken({ user_id: userId })}`,
      "cf-connecting-ip": uniqueAddress(),
    },
  );
/** Intercom telling us about a contact of the person's: new id, same user id (or email). */
const contactCreated = (workspaceId: string, contactId: string, item: Record<string, unknown>) =>
  notification("contact.user.created", { appId: workspaceId, contactId, at: AT, item });

describe("an erased person stays erased", () => {
  it("refuses backend and browser writes, skips webhooks, until an operator lifts it", async () => {
    const db = services().db();
    const workspaceId = services().config.INTERCOM_WORKSPACE_ID;
    const p = person();
    const identified = await postAdmin("/v1/contacts/identify", {
      user_id: p.userId,
      email: p.email,
    });
    await expectStatus(identified, 202);
    const [first] = ((await identified.json()) as { data: Array<{ id: string }> }).data;
    const contactId = String((await settled(first?.id ?? ""))?.result?.contact_id);
    await consume([
      contactCreated(workspaceId, contactId, { external_id: p.userId, email: p.email }),
    ]);

    const erased = await erase(p.userId);
    await expectStatus(erased, 202);
    const { erasure, data } = (await erased.json()) as {
      data: Array<{ id: string }>;
      erasure: { id: string; suppression_id: string };
    };
    const suppression = erasure.suppression_id;
    expect(suppression).toEqual(expect.any(String));
    // Intercom confirms the delete (the erasure's second pass adds its contact id).
    expect(await settled(data[0]?.id ?? "")).toMatchObject({ status: "delivered" });

    // Backend writes naming them, by user id, by Intercom id and by email: all refused.
    const refused = [
      postAdmin("/v1/contacts/identify", { user_id: p.userId, name: p.name }),
      postAdmin("/v1/events", { user_id: p.userId, event_name: "exported-report" }),
      postAdmin("/v1/events", { email: p.email, event_name: "exported-report" }),
      postAdmin(`/v1/contacts/${p.userId}/notes`, { body: `Called ${p.name}` }),
      postAdmin(`/v1/contacts/${contactId}/tags?by=id`, { name: "vip" }),
      postAdmin("/v1/messages", { user_id: p.userId, type: "inapp", body: "Hello again" }),
    ];
    for (const res of await Promise.all(refused)) await expectErasedProblem(res, suppression);
    // The browser too, with a valid Messenger token of theirs.
    await expectErasedProblem(await track(p.userId), suppression);
    // Nothing of those was stored: the only rows about them are the ones the erasure scrubbed.
    const rows = await db
      .select({ subject: outboxMessages.subject })
      .from(outboxMessages)
      .where(
        and(eq(outboxMessages.workspaceId, workspaceId), eq(outboxMessages.subject, p.userId)),
      );
    expect(rows).toEqual([]);

    // Intercom shows a new contact for them (a write already on its way re-created them), and a
    // lead with their email: neither is applied, their content is not kept.
    const recreated = `c${crypto.randomUUID().slice(0, 12)}`;
    const lead = `l${crypto.randomUUID().slice(0, 12)}`;
    await consume([
      contactCreated(workspaceId, recreated, {
        external_id: p.userId,
        email: p.email,
        name: p.name,
      }),
      notification("contact.lead.created", {
        appId: workspaceId,
        contactId: lead,
        email: p.email,
        at: AT,
        item: { external_id: null },
      }),
    ]);
    for (const id of [recreated, lead])
      expect((await getContact(workspaceId, id)).status).toBe(404);
    const skipped = (await listDeliveries(workspaceId, "&status=ignored&limit=200")).filter((d) =>
      String(d.ignored_reason).includes(suppression),
    );
    expect(skipped.map((d) => d.topic).sort()).toEqual([
      "contact.lead.created",
      "contact.user.created",
    ]);
    expect(skipped[0]?.ignored_reason).toContain("erased person");
    expect(await findEverywhere(db, [p.email, p.name])).toEqual([]);
    // Erased on sight: tombstones, so no later update brings them back either.
    const tombstones = await db
      .select({ id: contacts.id, deletedAt: contacts.deletedAt })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, recreated)));
    expect(tombstones[0]?.deletedAt).not.toBeNull();

    // The operator lifts it: listed as lifted, twice is once, and writes are accepted again.
    const lifted = await lift(suppression);
    await expectStatus(lifted, 200);
    const body = (await lifted.json()) as { status: string; lifted_at: string };
    expect(body).toMatchObject({ status: "lifted", identifiers: 0 });
    const again = await lift(suppression);
    await expectStatus(again, 200);
    expect(await again.json()).toMatchObject({ lifted_at: body.lifted_at });
    const listed = await admin(`/v1/suppressions?erasure_id=${erasure.id}`);
    await expectStatus(listed, 200);
    expect(((await listed.json()) as { data: unknown[] }).data).toEqual([
      expect.objectContaining({ id: suppression, status: "lifted", lifted_at: body.lifted_at }),
    ]);
    await expectStatus(await postAdmin("/v1/contacts/identify", { user_id: p.userId }), 202);
    await expectStatus(await track(p.userId), 202);
    const back = `c${crypto.randomUUID().slice(0, 12)}`;
    await consume([contactCreated(workspaceId, back, { external_id: p.userId, email: p.email })]);
    expect((await getContact(workspaceId, back)).status).toBe(200);
  });

  it("answers 404 for an unknown suppression and 400 for a malformed id", async () => {
    await expectStatus(await lift(crypto.randomUUID()), 404);
    const bad = await lift("not-a-uuid");
    await expectStatus(bad, 400);
    expect(await bad.text()).toMatch(/id/);
  });
});
