import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { postAdmin } from "../../support/outbox.ts";
import { expectStatus } from "../../support/status.ts";
import { admin, consume, notification, uniqueAppId } from "../../support/webhooks.ts";

/** The workspace writes resolve people in (the service's own). */
const WORKSPACE = (env as { INTERCOM_WORKSPACE_ID?: string }).INTERCOM_WORKSPACE_ID ?? "default";

async function seedContacts(appId: string, email: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () =>
    crypto.randomUUID().replaceAll("-", "").slice(0, 24),
  );
  for (const contactId of ids) {
    await consume([notification("contact.user.created", { appId, contactId, email })]);
  }
  return ids;
}

const uniqueEmail = () => `person.${crypto.randomUUID().slice(0, 8)}@example.com`;

interface OutboxPage {
  data: Array<{ id: string; user_id: string | null; payload: Record<string, unknown> }>;
}
async function outboxRowOf(id: string) {
  const page = (await (await admin("/v1/outbox?limit=100")).json()) as OutboxPage;
  return page.data.find((r) => r.id === id);
}

describe("a person is named by user_id, email or Intercom id everywhere", () => {
  it("POST /v1/contacts/search looks contacts up by email (any case) or user_id, in the body", async () => {
    const appId = uniqueAppId();
    const email = uniqueEmail();
    const ids = await seedContacts(appId, email, 2);
    const res = await postAdmin("/v1/contacts/search", {
      email: email.toUpperCase(),
      workspace_id: appId,
    });
    await expectStatus(res, 200);
    const page = (await res.json()) as { data: Array<{ id: string; external_id: string }> };
    expect(page.data.map((c) => c.id).sort()).toEqual([...ids].sort());
    const userId = page.data[0]?.external_id ?? "";
    const byUser = (await (
      await postAdmin("/v1/contacts/search", { user_id: userId, workspace_id: appId })
    ).json()) as { data: unknown[] };
    expect(byUser.data).toHaveLength(1);
    await expectStatus(await postAdmin("/v1/contacts/search", { workspace_id: appId }), 400);
    // Pages through the body's cursor, one contact a page.
    const first = (await (
      await postAdmin("/v1/contacts/search", { email, workspace_id: appId, limit: 1 })
    ).json()) as { data: Array<{ id: string }>; next_cursor: string };
    const second = (await (
      await postAdmin("/v1/contacts/search", {
        email,
        workspace_id: appId,
        limit: 1,
        cursor: first.next_cursor,
      })
    ).json()) as { data: Array<{ id: string }>; next_cursor: string | null };
    expect([first.data[0]?.id, second.data[0]?.id].sort()).toEqual([...ids].sort());
    expect(second.next_cursor).toBeNull();
  });

  it("reads one contact by Intercom id only: an email or user id in the URL is refused", async () => {
    const appId = uniqueAppId();
    const [single] = await seedContacts(appId, uniqueEmail(), 1);
    const byId = await admin(`/v1/contacts/${single}?workspace_id=${appId}`);
    await expectStatus(byId, 200);
    const { email, external_id } = (await byId.json()) as { email: string; external_id: string };
    for (const [value, by] of [
      [email, "email"],
      [external_id, "user_id"],
    ] as const) {
      const res = await admin(
        `/v1/contacts/${encodeURIComponent(value)}?by=${by}&workspace_id=${appId}`,
      );
      await expectStatus(res, 400);
      const problem = (await res.json()) as { errors: Array<{ field: string }> };
      expect(problem.errors.map((e) => e.field)).toEqual(["by"]);
      expect(JSON.stringify(problem)).not.toContain(value);
    }
    // The old lookup by query string is no route at all.
    await expectStatus(await admin(`/v1/contacts?email=${email}&workspace_id=${appId}`), 404);
  });

  it("notes, tags and untags a person named in the body, the same writes as through the path", async () => {
    const email = uniqueEmail();
    const [contactId] = await seedContacts(WORKSPACE, email, 1);
    const key = `body-${crypto.randomUUID()}`;
    const note = await postAdmin(
      "/v1/notes",
      { email, body: "Called" },
      { "idempotency-key": key },
    );
    await expectStatus(note, 202);
    const [noted] = ((await note.json()) as { data: Array<{ id: string }> }).data;
    expect((await outboxRowOf(noted?.id ?? ""))?.payload).toMatchObject({
      intercomId: contactId,
      body: "Called",
    });
    // The same key through the path route is the same note: nothing new is stored.
    const again = await postAdmin(
      `/v1/contacts/${contactId}/notes?by=id`,
      { body: "Called" },
      { "idempotency-key": key },
    );
    expect(
      ((await again.json()) as { data: Array<{ id: string; duplicate: boolean }> }).data,
    ).toEqual([expect.objectContaining({ id: noted?.id, duplicate: true })]);
    const tag = await postAdmin("/v1/tags", { email, name: "vip" });
    await expectStatus(tag, 202);
    const [tagged] = ((await tag.json()) as { data: Array<{ id: string }> }).data;
    const tagRow = await outboxRowOf(tagged?.id ?? "");
    expect(tagRow?.payload).toMatchObject({ intercomId: contactId, tag: "vip" });
    const untag = await postAdmin("/v1/tags/remove", { id: contactId, name: "vip" });
    await expectStatus(untag, 202);
    const [untagged] = ((await untag.json()) as { data: Array<{ id: string }> }).data;
    const page = (await (await admin("/v1/outbox?kind=contact.untag&limit=100")).json()) as {
      data: Array<{ id: string; payload: Record<string, unknown> }>;
    };
    expect(page.data.find((r) => r.id === untagged?.id)?.payload).toMatchObject({
      intercomId: contactId,
      tag: "vip",
    });
    await expectStatus(await postAdmin("/v1/tags", { email, user_id: "u_1", name: "x" }), 400);
    await expectStatus(await postAdmin("/v1/notes", { email: uniqueEmail(), body: "x" }), 404);
  });

  it("erases a person named in the body (POST /v1/erasures), found again by contact id", async () => {
    const email = uniqueEmail();
    const [contactId] = await seedContacts(WORKSPACE, email, 1);
    const res = await postAdmin("/v1/erasures", { email });
    await expectStatus(res, 202);
    const body = (await res.json()) as { erasure: { id: string; removed: Record<string, number> } };
    expect(body.erasure.removed).toMatchObject({ contacts: 1 });
    const found = await postAdmin("/v1/erasures/search", { contact_id: contactId });
    const page = (await found.json()) as { data: Array<{ id: string }> };
    expect(page.data.map((e) => e.id)).toContain(body.erasure.id);
    await expectStatus(await postAdmin("/v1/erasures", { email, user_id: "u_1" }), 400);
  });

  it("sends a message, note and tag to the one contact an email names, by its Intercom id", async () => {
    const email = uniqueEmail();
    const [contactId] = await seedContacts(WORKSPACE, email, 1);
    const message = await postAdmin("/v1/messages", { email, type: "inapp", body: "Hello" });
    await expectStatus(message, 202);
    const [accepted] = ((await message.json()) as { data: Array<{ id: string }> }).data;
    const row = await outboxRowOf(accepted?.id ?? "");
    expect(row?.payload).toMatchObject({ intercomId: contactId });
    expect(row?.payload).not.toHaveProperty("email");
    expect(row?.user_id).toMatch(/^user_/);

    const note = await postAdmin(`/v1/contacts/${encodeURIComponent(email)}/notes?by=email`, {
      body: "Called",
    });
    await expectStatus(note, 202);
    const tag = await postAdmin(`/v1/contacts/${contactId}/tags?by=id`, { name: "vip" });
    await expectStatus(tag, 202);
    const [tagRow] = ((await tag.json()) as { data: Array<{ id: string }> }).data;
    expect((await outboxRowOf(tagRow?.id ?? ""))?.payload).toMatchObject({
      intercomId: contactId,
      tag: "vip",
    });
  });

  it("sends an event named by email to that contact's id, and refuses an unknown email", async () => {
    const email = uniqueEmail();
    const [contactId] = await seedContacts(WORKSPACE, email, 1);
    const res = await postAdmin("/v1/events", { event_name: "exported-report", email });
    await expectStatus(res, 202);
    const [accepted] = ((await res.json()) as { data: Array<{ id: string }> }).data;
    const row = await outboxRowOf(accepted?.id ?? "");
    expect(row?.payload).toMatchObject({ intercomId: contactId, eventName: "exported-report" });
    expect(row?.payload).not.toHaveProperty("email");
    const unknown = await postAdmin("/v1/events", { event_name: "x", email: uniqueEmail() });
    await expectStatus(unknown, 404);
  });

  it("refuses a write to an unknown or ambiguous email and stores nothing", async () => {
    const shared = uniqueEmail();
    const pair = await seedContacts(WORKSPACE, shared, 2);
    const key = `person-${crypto.randomUUID()}`;
    const ambiguous = await postAdmin(
      "/v1/messages",
      { email: shared, type: "inapp", body: "Hi" },
      { "idempotency-key": key },
    );
    await expectStatus(ambiguous, 409);
    expect([...((await ambiguous.json()) as { candidates: string[] }).candidates].sort()).toEqual(
      [...pair].sort(),
    );
    const unknown = await postAdmin(`/v1/contacts/${uniqueEmail()}/tags?by=email`, { name: "x" });
    await expectStatus(unknown, 404);
    const twoNames = await postAdmin("/v1/messages", {
      email: shared,
      user_id: "u_1",
      type: "inapp",
      body: "Hi",
    });
    await expectStatus(twoNames, 400);
    const page = (await (await admin("/v1/outbox?kind=message&limit=100")).json()) as {
      data: Array<{ idempotency_key: string }>;
    };
    expect(page.data.some((r) => r.idempotency_key === `message:${key}`)).toBe(false);
  });
});
