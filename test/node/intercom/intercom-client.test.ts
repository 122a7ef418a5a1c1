import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../../scripts/sandbox/server.ts";
import { createIntercomClient } from "../../../src/intercom/client.ts";
import { IntercomError } from "../../../src/intercom/errors.ts";
import { memoryGate } from "../../../src/intercom/gate/gate.ts";
import { systemClock } from "../../../src/shared/clock.ts";
import { validateRequestBody, validateResponse } from "../../support/openapi.ts";
import { expectStatus } from "../../support/status.ts";

const TOKEN = "local-intercom-token";
let sandbox: Sandbox;

function client(options: { maxAttempts?: number; timeoutMs?: number } = {}) {
  return createIntercomClient({
    baseUrl: sandbox.url,
    token: TOKEN,
    gate: memoryGate(systemClock),
    baseDelayMs: 5,
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<IntercomError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntercomError);
  return error as IntercomError;
}

async function firstAdminId(): Promise<string> {
  const res = await fetch(`${sandbox.url}/admins`, {
    headers: { authorization: `Bearer ${TOKEN}`, "intercom-version": "2.16" },
  });
  const body = (await res.json()) as { admins: Array<{ id: string }> };
  const id = body.admins[0]?.id;
  if (!id) throw new Error("sandbox has no admins");
  return id;
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11, sizes: { contacts: 400, conversations: 40 } });
});
afterAll(() => sandbox.stop());

describe("Intercom client operations against the sandbox", () => {
  it("creates a contact, and on the 409 duplicate updates the existing one", async () => {
    const c = client();
    const userId = `u_${crypto.randomUUID()}`;
    const created = await c.upsertContact({
      userId,
      email: `${userId}@example.com`,
      name: "First",
    });
    const updated = await c.upsertContact({
      userId,
      email: `${userId}@example.com`,
      name: "Second",
    });
    expect(updated.id).toBe(created.id);
    expect(updated.name).toBe("Second");
    const conflicts = sandbox.requests().filter((r) => r.path === "/contacts" && r.status === 409);
    expect(conflicts.length).toBeGreaterThanOrEqual(1);
  });

  it("finds a contact by id, email and external id", async () => {
    const c = client();
    const userId = `u_${crypto.randomUUID()}`;
    const email = `${userId}@example.com`;
    const created = await c.upsertContact({ userId, email });
    expect((await c.getContact(created.id)).external_id).toBe(userId);
    expect((await c.findContactByEmail(email))?.id).toBe(created.id);
    expect((await c.findContactByExternalId(userId))?.id).toBe(created.id);
    expect(await c.findContactByExternalId(`missing_${userId}`)).toBeNull();
  });

  it("archives and deletes; a deleted contact is 404, not retryable", async () => {
    const c = client();
    const created = await c.upsertContact({ userId: `u_${crypto.randomUUID()}` });
    await c.archiveContact(created.id);
    expect((await c.deleteContact(created.id)).id).toBe(created.id);
    const error = await rejection(c.getContact(created.id));
    expect(error).toMatchObject({ status: 404, code: "not_found", retryable: false });
  });

  it("answers 410 contact_merged for a merged-away contact", async () => {
    const c = client();
    const lead = await c.upsertContact({ userId: `l_${crypto.randomUUID()}`, role: "lead" });
    const user = await c.upsertContact({ userId: `u_${crypto.randomUUID()}` });
    const merged = await fetch(`${sandbox.url}/contacts/merge`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "intercom-version": "2.16",
        "content-type": "application/json",
      },
      body: JSON.stringify({ from: lead.id, into: user.id }),
    });
    await expectStatus(merged, 200);
    const error = await rejection(c.getContact(lead.id));
    expect(error).toMatchObject({ status: 410, code: "contact_merged", retryable: false });
  });

  it("tags and untags by name, resolving the tag id once", async () => {
    const c = client();
    const contact = await c.upsertContact({ userId: `u_${crypto.randomUUID()}` });
    const name = `tag-${crypto.randomUUID().slice(0, 8)}`;
    const before = sandbox.requests().length;
    const tag = await c.addTagByName(contact.id, name);
    expect(tag.name).toBe(name);
    await c.addTagByName(contact.id, name);
    expect(await c.removeTagByName(contact.id, name)).toBe(true);
    const calls = sandbox.requests().slice(before);
    expect(calls.filter((r) => r.method === "POST" && r.path === "/tags")).toHaveLength(1);
    expect(await c.removeTagByName(contact.id, `never-${name}`)).toBe(false);
  });

  it("adds a note and sends in-app and email messages from an admin", async () => {
    const c = client();
    const adminId = await firstAdminId();
    const contact = await c.upsertContact({
      userId: `u_${crypto.randomUUID()}`,
      email: "m@example.com",
    });
    const note = await c.addNote(contact.id, "Called about billing", adminId);
    expect(note.id).toBeTruthy();
    const inapp = await c.sendMessage({
      messageType: "inapp",
      fromAdminId: adminId,
      to: { type: "user", id: contact.id },
      body: "Welcome!",
    });
    expect(inapp.id).toBeTruthy();
    const email = await c.sendMessage({
      messageType: "email",
      fromAdminId: adminId,
      to: { type: "user", id: contact.id },
      body: "Your invoice",
      subject: "Invoice",
      template: "plain",
    });
    expect(email.message_type).toBe("email");
  });

  it("submits a data event (202, empty body); an unknown user is a 404", async () => {
    const c = client();
    const userId = `u_${crypto.randomUUID()}`;
    await c.upsertContact({ userId });
    await expect(
      c.submitEvent({ eventName: "analysed-property", createdAt: 1_763_800_000, userId }),
    ).resolves.toBeUndefined();
    const error = await rejection(
      c.submitEvent({ eventName: "x", createdAt: 1_763_800_000, userId: `nobody_${userId}` }),
    );
    expect(error).toMatchObject({ status: 404, retryable: false });
  });

  it("walks a contact search cursor chain without repeats or gaps", async () => {
    const c = client();
    const ids = new Set<string>();
    let total: number | null = null;
    let pages = 0;
    for await (const page of c.searchContacts({
      query: { field: "created_at", operator: ">", value: 0 },
      sort: { field: "updated_at", order: "ascending" },
      perPage: 150,
    })) {
      pages += 1;
      total ??= page.totalCount;
      expect(page.items.length).toBeLessThanOrEqual(150);
      for (const item of page.items) {
        expect(ids.has(item.id)).toBe(false);
        ids.add(item.id);
      }
    }
    expect(pages).toBeGreaterThan(1);
    expect(ids.size).toBe(total);
  });

  it("searches and lists conversations, and gets one with its parts", async () => {
    const c = client();
    const page = await c.searchConversationsPage(
      { query: { field: "updated_at", operator: ">", value: 0 }, perPage: 20 },
      null,
    );
    expect(page.items.length).toBe(20);
    const listed = await c.listConversationsPage(null, 5);
    expect(listed.items.length).toBe(5);
    const id = page.items[0]?.id ?? "";
    const full = await c.getConversation(id);
    expect(full.id).toBe(id);
    expect(full.conversation_parts?.conversation_parts.length).toBeLessThanOrEqual(500);
    // What the conversation sync stores from a search page without further calls.
    const first = page.items[0];
    expect(first?.statistics?.time_to_admin_reply).toEqual(expect.any(Number));
    expect(first?.source?.author?.type).toBe("user");
    expect(Array.isArray(first?.tags?.tags)).toBe(true);
  });

  it("reads the catalogues and the deleted-conversation list", async () => {
    const c = client();
    expect((await c.listAdmins()).length).toBeGreaterThan(0);
    const teams = await c.listTeams();
    expect(teams[0]?.admin_ids?.every((id) => typeof id === "string")).toBe(true);
    expect(Array.isArray(await c.listTags())).toBe(true);
    const gone = await c.deletedConversationsPage(1);
    expect(gone).toEqual({ items: [], hasMore: false });
  });

  it("sends requests that match Intercom's OpenAPI description", async () => {
    const recorded = sandbox.requests().filter((r) => r.body !== undefined && r.body !== null);
    expect(recorded.length).toBeGreaterThan(5);
    for (const r of recorded) {
      expect({
        route: `${r.method} ${r.route}`,
        errors: validateRequestBody(r.method, r.path, r.body),
      }).toEqual({
        route: `${r.method} ${r.route}`,
        errors: [],
      });
    }
    for (const r of sandbox.requests()) expect(r.headers["intercom-version"]).toBe("2.16");
  });

  it("parses responses that match the OpenAPI description", async () => {
    const res = await fetch(`${sandbox.url}/contacts?per_page=3`, {
      headers: { authorization: `Bearer ${TOKEN}`, "intercom-version": "2.16" },
    });
    expect(validateResponse("GET", "/contacts", 200, await res.json())).toEqual([]);
  });
});
