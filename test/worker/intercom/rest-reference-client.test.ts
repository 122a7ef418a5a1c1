import { describe, expect, it } from "vitest";
import { IntercomError } from "../../../src/intercom/errors.ts";
import { ownRest } from "../../support/real-shapes.ts";
import { captureNames, reportMissingCaptures, restCapture } from "../../support/reference-rest.ts";
import { answer, client, rejection, replay } from "../../support/replay.ts";

/**
 * The real Intercom REST answers no sync run reads, each served as the answer to the client
 * operation that asks for it: every one must parse, and say what it said.
 */
type Json = Record<string, unknown>;
const parsed = (name: string) => JSON.parse(restCapture(name)) as Json;
const one = async (method: string, path: string, name: string, status = 200) =>
  client(await replay([answer(method, path, restCapture(name), { status })]));

describe("real Intercom REST answers through the client", () => {
  if (reportMissingCaptures()) return;

  it.for(captureNames(/^contacts\.list--/))("%s parses as a contact page", async (name) => {
    const page = await (await one("GET", "/contacts", name)).listContactsPage(null);
    const body = parsed(name) as { data: Json[]; pages: { next?: { starting_after: string } } };
    expect(page.items.map((c) => c.id)).toEqual(body.data.map((c) => c.id));
    expect(page.next).toBe(body.pages.next?.starting_after ?? null);
  });

  // A copy of Intercom's docs example, not a capture (its README): its `contacts` is an array
  // where real answers have a contact.list. It may be read or refused, but only as a clear,
  // final unexpected_response, never a crash or a retry.
  it("conversations.list--webhookdb-docs.json is read, or refused cleanly", async () => {
    const name = "conversations.list--webhookdb-docs.json";
    const r = await replay([answer("GET", "/conversations", restCapture(name))]);
    const outcome = await client(r)
      .listConversationsPage(null)
      .then(
        (page) => ({ items: page.items.length }),
        (e: unknown) => e,
      );
    if (outcome instanceof Error) {
      expect(outcome).toBeInstanceOf(IntercomError);
      const error = outcome as IntercomError;
      expect({ code: error.code, retryable: error.retryable }).toEqual({
        code: "unexpected_response",
        retryable: false,
      });
    } else expect(outcome).toEqual({ items: 2 });
    expect((await r.requests()).length).toBe(1);
  });

  it.for(captureNames(/^conversations\.list--(?!webhookdb-docs)/))(
    "%s parses as a conversation page (per_page may be text)",
    async (name) => {
      const page = await (await one("GET", "/conversations", name)).listConversationsPage(null);
      const body = parsed(name) as { conversations: Json[] };
      expect(page.items.map((c) => [c.id, c.priority])).toEqual(
        body.conversations.map((c) => [c.id, c.priority]),
      );
    },
  );

  it.for(captureNames(/^conversations\.search--/))("%s parses as a search page", async (name) => {
    const c = await one("POST", "/conversations/search", name);
    const page = await c.searchConversationsPage(
      { query: { field: "updated_at", operator: ">", value: 0 }, perPage: 150 },
      null,
    );
    const body = parsed(name) as { conversations: Json[] };
    expect(page.items.map((i) => [i.id, i.admin_assignee_id ?? null])).toEqual(
      body.conversations.map((i) => [i.id, i.admin_assignee_id ?? null]),
    );
  });

  it.for(captureNames(/^contacts\.(get|create)--/))("%s parses as a contact", async (name) => {
    const body = parsed(name);
    const c = await one(name.includes(".get") ? "GET" : "POST", "/contacts*", name);
    const contact = name.includes(".get")
      ? await c.getContact(String(body.id))
      : await c.upsertContact({ userId: "usr_capture" });
    expect({ id: contact.id, email: contact.email }).toEqual({ id: body.id, email: body.email });
  });

  it("contacts.update: the answer to the PUT after a 409 parses", async () => {
    const body = parsed("contacts.update--nango-2026.json");
    const conflict = JSON.stringify({
      type: "error.list",
      request_id: "0005kq1m0f2b3c4d5e64",
      errors: [
        {
          code: "conflict",
          message: `A contact matching those details already exists with id=${body.id}`,
        },
      ],
    });
    const c = client(
      await replay([
        answer("POST", "/contacts", conflict, { status: 409 }),
        answer("PUT", `/contacts/${body.id}`, restCapture("contacts.update--nango-2026.json")),
      ]),
    );
    const updated = await c.upsertContact({ userId: "usr_capture", name: "Updated Test User" });
    expect({ id: updated.id, name: updated.name }).toEqual({ id: body.id, name: body.name });
  });

  it("contacts.delete parses", async () => {
    const body = parsed("contacts.delete--nango-2026.json");
    const c = await one("DELETE", `/contacts/${body.id}`, "contacts.delete--nango-2026.json");
    expect(await c.deleteContact(String(body.id))).toMatchObject({ id: body.id, deleted: true });
  });

  it.for(captureNames(/^admins--/))("%s parses as the admin list", async (name) => {
    const admins = await (await one("GET", "/admins", name)).listAdmins();
    expect(admins.map((a) => a.id)).toEqual(
      (parsed(name).admins as Json[]).map((a) => String(a.id)),
    );
  });

  it.for(captureNames(/^tags--/))("%s parses as the tag list", async (name) => {
    const tags = await (await one("GET", "/tags", name)).listTags();
    expect(tags.map((t) => t.name)).toEqual((parsed(name).data as Json[]).map((t) => t.name));
  });

  it.for(captureNames(/^me--/))("%s parses, with its workspace", async (name) => {
    const me = await (await one("GET", "/me", name)).me();
    expect(me.app?.id_code).toBe((parsed(name).app as Json).id_code);
  });

  it("tags.create, notes.create and messages.create parse as the writes' answers", async () => {
    const c = client(
      await replay([
        answer("POST", "/tags", restCapture("tags.create--nango-2026.json")),
        answer("POST", "/contacts/69fc2858f9425350a22490b4/tags", ownRest("contacts.tag.json")),
        answer(
          "POST",
          "/contacts/69fc2858f9425350a22490b4/notes",
          restCapture("notes.create--nango-2026.json"),
        ),
        answer("POST", "/messages", restCapture("messages.create--nango-2026.json")),
      ]),
    );
    const contactId = "69fc2858f9425350a22490b4";
    await c.addTagByName(contactId, "Test Tag From Nango");
    const note = await c.addNote(contactId, "This is a test note created via Nango action");
    expect(note.id).toBe(parsed("notes.create--nango-2026.json").id);
    const message = await c.sendMessage({
      messageType: "inapp",
      fromAdminId: "10553731",
      to: { type: "user", id: contactId },
      body: "Hello",
    });
    expect({ type: message.type, id: message.id }).toEqual({
      type: "admin_message",
      id: parsed("messages.create--nango-2026.json").id,
    });
  });

  it.for(captureNames(/^error\.\d{3}--/))(
    "%s becomes an IntercomError with Intercom's code, not retried",
    async (name) => {
      const status = Number(/^error\.(\d{3})--/.exec(name)?.[1]);
      const body = parsed(name) as { request_id: string; errors: Array<{ code: string }> };
      const r = await replay([answer("GET", "/*", restCapture(name), { status })]);
      const error = await rejection(client(r).me());
      expect({
        status: error.status,
        code: error.code,
        retryable: error.retryable,
        requestId: error.requestId,
      }).toEqual({
        status,
        code: body.errors[0]?.code,
        retryable: false,
        requestId: body.request_id,
      });
      expect((await r.requests()).length).toBe(1);
    },
  );
});
