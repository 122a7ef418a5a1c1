import { describe, expect, it } from "vitest";
import { conversationDepsFor } from "../../../src/deps.ts";
import { checkToken } from "../../../src/health/identity.ts";
import { AppError } from "../../../src/shared/errors.ts";
import { syncOneConversation } from "../../../src/sync/conversations/one.ts";
import { ownRest } from "../../support/real-shapes.ts";
import { answer, client, rejection, replay, storedConversation } from "../../support/replay.ts";

/**
 * Each answer of test/fixtures/intercom-real/rest/ that a client operation reads, served as
 * the answer to that operation's request: what the sync, the outbox and the health check get.
 */
type Json = Record<string, unknown>;
const json = (name: string) => JSON.parse(ownRest(name)) as Json;
const SAMI = "6c0d1e2f3a4b5c6d7e8f9a07";

describe("the Intercom client on our real-shape REST answers", () => {
  it("reads contact pages, a contact, and the list endpoint's page", async () => {
    const c = client(
      await replay([
        answer("GET", "/contacts", ownRest("contacts.list.json")),
        answer("GET", "/contacts/*", ownRest("contacts.get.json")),
      ]),
    );
    const page = await c.listContactsPage(null);
    expect(page.items.map((i) => i.id)).toEqual(["6c0d1e2f3a4b5c6d7e8f9a06"]);
    expect(page.totalCount).toBe(1);
    const one = await c.getContact("6c0d1e2f3a4b5c6d7e8f9a02");
    expect(one.email).toBe("kwame.asante@example.com");
  });

  it("creates, updates on a 409, archives and deletes contacts", async () => {
    const c = client(
      await replay([
        answer("POST", "/contacts", ownRest("contacts.create.json")),
        answer("POST", `/contacts/${SAMI}/archive`, ownRest("contacts.archive.json")),
        answer("DELETE", `/contacts/${SAMI}`, ownRest("contacts.delete.json")),
      ]),
    );
    expect((await c.upsertContact({ userId: "usr_6607" })).id).toBe(SAMI);
    expect((await c.archiveContact(SAMI)).id).toBe(SAMI);
    expect(await c.deleteContact(SAMI)).toMatchObject({ id: SAMI, deleted: true });
    const conflicted = client(
      await replay([
        answer("POST", "/contacts", ownRest("error.409.json"), { status: 409 }),
        answer("PUT", `/contacts/${SAMI}`, ownRest("contacts.update.json")),
      ]),
    );
    const updated = await conflicted.upsertContact({ userId: "usr_6607", name: "Sami K." });
    expect({ id: updated.id, name: updated.name }).toEqual({ id: SAMI, name: "Sami K. Virtanen" });
  });

  it("tags by name, writes a note and sends an admin message", async () => {
    const c = client(
      await replay([
        answer("POST", "/tags", ownRest("tags.create.json")),
        answer("POST", "/contacts/*", ownRest("contacts.tag.json")),
      ]),
    );
    expect((await c.addTagByName(SAMI, "Renewal due")).id).toBe("7730430");
    const writes = client(
      await replay([
        answer("POST", `/contacts/${SAMI}/notes`, ownRest("notes.create.json")),
        answer("POST", "/messages", ownRest("messages.create.json")),
      ]),
    );
    expect((await writes.addNote(SAMI, "Asked about the annual plan.")).id).toBe("258801144");
    const message = await writes.sendMessage({
      messageType: "inapp",
      fromAdminId: "6120005",
      to: { type: "user", id: SAMI },
      body: "Your export is ready.",
    });
    // `admin_message` with an owner and no conversation_id: nothing to link it to yet.
    expect({ type: message.type, id: message.id, conversation: message.conversation_id }).toEqual({
      type: "admin_message",
      id: "241170902",
      conversation: undefined,
    });
  });

  it("reads the catalogues, GET /me, deletions and GET /conversations with per_page as text", async () => {
    const c = client(
      await replay([
        answer("GET", "/admins", ownRest("admins.json")),
        answer("GET", "/teams", ownRest("teams.json")),
        answer("GET", "/tags", ownRest("tags.json")),
        answer("GET", "/me", ownRest("me.json")),
        answer("GET", "/conversations/deleted", ownRest("conversations.deleted.json")),
        answer("GET", "/conversations", ownRest("conversations.list.json")),
      ]),
    );
    expect((await c.listAdmins()).map((a) => a.id)).toEqual(["6120005", "6120006", "6120009"]);
    expect((await c.listTeams()).map((t) => t.admin_ids)).toEqual([
      ["6120005", "6120006"],
      ["6120006"],
    ]);
    expect((await c.listTags()).map((t) => t.name)).toEqual(["Churn risk", "Trial", "Billing"]);
    expect((await c.me()).app?.id_code).toBe("wsfx0001");
    const deleted = await c.deletedConversationsPage(1);
    expect(deleted).toMatchObject({ items: [{ id: "318500000000099" }], hasMore: false });
    const listed = await c.listConversationsPage(null);
    expect(listed.items.map((i) => [i.id, i.priority])).toEqual([
      ["318500000000102", "priority"],
      ["318500000000103", "not_priority"],
    ]);
    expect(listed.next).toBeNull();
  });
});

describe("Intercom's error bodies become the service's errors", () => {
  it.for([
    ["error.401.json", 401, "token_unauthorized"],
    ["error.403.json", 403, "api_plan_restricted"],
    ["error.404.json", 404, "not_found"],
  ] as const)(
    "%s: an IntercomError with Intercom's code, not retried",
    async ([file, status, code]) => {
      const r = await replay([answer("GET", "/*", ownRest(file), { status })]);
      const error = await rejection(client(r).me());
      expect({ status: error.status, code: error.code, retryable: error.retryable }).toEqual({
        status,
        code,
        retryable: false,
      });
      const body = json(file) as { request_id: string };
      expect(error.requestId).toBe(body.request_id);
      // One call: a 4xx other than 429 is never retried.
      expect((await r.requests()).length).toBe(1);
    },
  );

  it("a token Intercom refuses makes the health check say down, naming the code", async () => {
    const r = await replay([answer("GET", "/me", ownRest("error.401.json"), { status: 401 })]);
    const check = await checkToken(client(r));
    expect(check.status).toBe("down");
    expect(check.status === "down" ? check.error : "").toContain("token_unauthorized");
  });

  it("a conversation Intercom answers 404 for is not found here, and tombstoned", async () => {
    const r = await replay([
      answer("GET", "/conversations/*", ownRest("error.404.json"), { status: 404 }),
    ]);
    const id = "318500000000099";
    const error = await syncOneConversation(
      id,
      conversationDepsFor(r.services, client(r)),
      r.workspaceId,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe("not_found");
    expect((await storedConversation(r, id)).row?.deletedAt).toBeInstanceOf(Date);
  });
});
