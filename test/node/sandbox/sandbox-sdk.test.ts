import { IntercomClient, IntercomError, type Page } from "intercom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../../scripts/sandbox/server.ts";
import { INTERCOM_VERSIONS } from "../../../scripts/sandbox/versions.ts";
import { specIntercomVersions, validateResponse, valueAt } from "../../support/openapi.ts";

/**
 * The official Node SDK (intercom-client 7), out of the box, against the sandbox: anyone's
 * Intercom code should work here, not only ours. The SDK sends `Intercom-Version: 2.14`; every
 * answer it parses is checked against the 2.16 description.
 */
const TOKEN = "sdk-test-token";
let sandbox: Sandbox;
let client: IntercomClient;
let since = 0;

beforeAll(async () => {
  sandbox = await startSandbox({
    token: TOKEN,
    seed: 13,
    sizes: { contacts: 130, leads: 12, conversations: 70 },
  });
  client = new IntercomClient({ token: TOKEN, baseUrl: sandbox.url });
  // Parsing the 2.16 description takes seconds on a loaded machine: do it once, up front.
  specIntercomVersions();
}, 30_000);
afterAll(() => sandbox.stop());

interface Raw {
  status: number;
  url: string;
}

/**
 * Fields the description says are never null that the sandbox answers null, as our own client
 * reads them (a lead without an email, a rating without a remark or an assigned teammate):
 * the soak's expected state is built on those nulls, so they stay, and only a null there is
 * let through.
 */
const NULL_WHERE_SPEC_HAS_NONE = new Set(["email", "email_domain", "remark", "teammate"]);

/** The SDK hands back the parsed body and the raw response: check one against the other. */
function expectSpec(method: string, raw: Raw, body: unknown) {
  const path = new URL(raw.url).pathname;
  const op = `${method} ${path} ${raw.status}`;
  const errors = validateResponse(method, path, raw.status, body).filter((error) => {
    const [pointer = "", rule] = error.split(" must be ");
    const field = pointer.split("/").at(-1) ?? "";
    const typed = rule === "string" || rule === "object";
    return !(typed && NULL_WHERE_SPEC_HAS_NONE.has(field) && valueAt(body, pointer) === null);
  });
  expect({ op, errors }).toEqual({ op, errors: [] });
}

async function expectIntercomError(call: Promise<unknown>, status: number, code: string) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntercomError);
  const failure = error as IntercomError;
  expect(failure.statusCode).toBe(status);
  expect((failure.body as { errors: Array<{ code: string }> }).errors[0]?.code).toBe(code);
  expect(validateResponse("GET", "/me", status, failure.body)).toEqual([]);
}

/** Walks an SDK page chain, checking every page, and answers the items in order. */
async function walk<T, R>(method: string, first: Page<T, R>) {
  const items: T[] = [];
  let page = first;
  for (;;) {
    expectSpec(method, page.rawResponse, page.response);
    items.push(...page.data);
    if (!page.hasNextPage()) return items;
    page = await page.getNextPage();
  }
}

// Each test makes tens of calls and compiles validators for big schemas: 5 s is tight under load.
describe("the official Node SDK against the sandbox", { timeout: 15_000 }, () => {
  it("is answered whatever version it pins, and refused an unknown one", async () => {
    expect(INTERCOM_VERSIONS.filter((v) => v !== "Unstable")).toEqual(specIntercomVersions());
    since = sandbox.requests().at(-1)?.seq ?? 0;
    const me = await client.admins.identify().withRawResponse();
    expect(me.data?.type).toBe("admin");
    expectSpec("GET", me.rawResponse, me.data);
    const sent = sandbox.requests().filter((r) => r.seq > since);
    expect(sent.map((r) => r.headers["intercom-version"])).toEqual(["2.14"]);
    for (const version of ["1.0", "Unstable"] as const) {
      const other = new IntercomClient({ token: TOKEN, baseUrl: sandbox.url, version });
      expect((await other.teams.list()).type).toBe("team.list");
    }
    // The SDK's version type stops at 2.14; newer ones go as a header.
    for (const version of ["2.15", "2.16"]) {
      const headers = { "Intercom-Version": version };
      const other = new IntercomClient({ token: TOKEN, baseUrl: sandbox.url, headers });
      expect((await other.teams.list()).type).toBe("team.list");
    }
    const unknown = new IntercomClient({
      token: TOKEN,
      baseUrl: sandbox.url,
      headers: { "Intercom-Version": "2.99" },
    });
    await expectIntercomError(unknown.admins.list(), 400, "intercom_version_invalid");
  });

  it("lists, searches and pages contacts without repeats or gaps", async () => {
    const listed = await walk("GET", await client.contacts.list({ per_page: 50 }));
    expect(listed.length).toBe(142);
    expect(new Set(listed.map((c) => c.id)).size).toBe(142);
    const users = await walk(
      "POST",
      await client.contacts.search({
        query: { field: "role", operator: "=", value: "user" },
        pagination: { per_page: 25 },
      }),
    );
    expect(users.length).toBe(130);
    expect(users.every((c) => c.role === "user")).toBe(true);
    const profiles = listed.flatMap((c) => c.social_profiles?.data ?? []);
    expect(profiles.length).toBeGreaterThan(0);
    expect(profiles[0]).toMatchObject({ type: "social_profile", name: "Twitter" });
  });

  it("creates, updates, archives and deletes a contact with every writable attribute", async () => {
    const created = await client.contacts
      .create({
        email: "sdk.user@example.com",
        external_id: "sdk-1",
        name: "Sdk User",
        avatar: "https://example.com/avatar.png",
        unsubscribed_from_emails: true,
        signed_up_at: 1_700_000_000,
        owner_id: Number(sandbox.workspace().admins[0]?.id),
        custom_attributes: { plan: "pro" },
      })
      .withRawResponse();
    expectSpec("POST", created.rawResponse, created.data);
    const id = created.data.id ?? "";
    // 2.16 answers an avatar object; the SDK's 7.x type still says string.
    const avatar = created.data.avatar as unknown as { image_url: string } | null;
    expect(avatar?.image_url).toBe("https://example.com/avatar.png");
    expect(created.data.unsubscribed_from_emails).toBe(true);
    // email_verified is writable in 2.16 but missing from the SDK's type: the SDK sends it anyway.
    const update = {
      contact_id: id,
      name: "Sdk Renamed",
      unsubscribed_from_emails: false,
      email_verified: true,
    };
    const updated = await client.contacts.update(update);
    expect([updated.name, updated.unsubscribed_from_emails]).toEqual(["Sdk Renamed", false]);
    expect(sandbox.workspace().contacts.get(id)?.emailVerified).toBe(true);
    const badType = { contact_id: id, unsubscribed_from_emails: "yes" as unknown as boolean };
    await expectIntercomError(client.contacts.update(badType), 400, "parameter_invalid");
    expect((await client.contacts.find({ contact_id: id })).name).toBe("Sdk Renamed");
    expect((await client.contacts.archive({ contact_id: id })).archived).toBe(true);
    expect((await client.contacts.unarchive({ contact_id: id })).archived).toBe(false);
    const deleted = await client.contacts.delete({ contact_id: id }).withRawResponse();
    expectSpec("DELETE", deleted.rawResponse, deleted.data);
    expect(deleted.data.deleted).toBe(true);
  });

  it("tags several users at once, untags them, and tags one contact", async () => {
    const [a, b] = sandbox.workspace().contactOrder;
    const tagged = await client.tags
      .create({ name: "sdk-batch", users: [{ id: a ?? "" }, { id: b ?? "" }] })
      .withRawResponse();
    expectSpec("POST", tagged.rawResponse, tagged.data);
    const onA = await client.contacts.listAttachedTags({ contact_id: a ?? "" });
    expect((onA.data ?? []).map((t) => t.name)).toContain("sdk-batch");
    // The SDK's type has no `untag`; Intercom's untag payload carries it next to the id.
    const untagB = { id: b ?? "", untag: true };
    await client.tags.create({ name: "sdk-batch", users: [untagB] });
    const onB = await client.contacts.listAttachedTags({ contact_id: b ?? "" });
    expect((onB.data ?? []).map((t) => t.name)).not.toContain("sdk-batch");
    const one = await client.tags.tagContact({ contact_id: b ?? "", id: tagged.data.id });
    expect(one.name).toBe("sdk-batch");
    const all = await client.tags.list().withRawResponse();
    expectSpec("GET", all.rawResponse, all.data);
    expect((all.data.data ?? []).map((t) => t.name)).toContain("sdk-batch");
    await expectIntercomError(
      client.tags.create({ name: "sdk-batch", users: [{ id: "nobody" }] }),
      404,
      "not_found",
    );
  });

  it("adds notes and lists them newest first, page by page", async () => {
    const contactId = sandbox.workspace().contactOrder[2] ?? "";
    const adminId = sandbox.workspace().admins[1]?.id ?? "";
    for (const body of ["first", "second", "third"])
      await client.notes.create({ contact_id: contactId, body, admin_id: adminId });
    const notes = await walk(
      "GET",
      await client.notes.list({ contact_id: contactId, per_page: 2 }),
    );
    expect(notes.map((n) => n.body)).toEqual(["<p>third</p>", "<p>second</p>", "<p>first</p>"]);
    expect(notes[0]?.author?.id).toBe(adminId);
  });

  it("submits events and lists them in the event.summary shape", async () => {
    const contact = sandbox.workspace().contacts.get(sandbox.workspace().contactOrder[3] ?? "");
    for (const at of [1_700_000_000, 1_700_000_100])
      await client.events.create({ id: contact?.id ?? "", event_name: "sdk-ran", created_at: at });
    const summary = await client.events
      .list({ type: "user", intercom_user_id: contact?.id, summary: true })
      .withRawResponse();
    expectSpec("GET", summary.rawResponse, summary.data);
    expect(summary.data.type).toBe("event.summary");
    expect(summary.data.events?.[0]).toMatchObject({ name: "sdk-ran", count: 2 });
  });

  it("sends a message from an admin, and lists admins and teams", async () => {
    const admins = await client.admins.list().withRawResponse();
    expectSpec("GET", admins.rawResponse, admins.data);
    const from = Number(admins.data.admins?.[0]?.id);
    const to = sandbox.workspace().contactOrder[4] ?? "";
    const message = await client.messages
      .create({
        message_type: "inapp",
        body: "hi",
        from: { type: "admin", id: from },
        to: { type: "user", id: to },
      })
      .withRawResponse();
    expectSpec("POST", message.rawResponse, message.data);
    expect(message.data.message_type).toBe("inapp");
    const teams = await client.teams.list().withRawResponse();
    expectSpec("GET", teams.rawResponse, teams.data);
    expect(teams.data.teams?.length).toBe(sandbox.workspace().teams.length);
  });

  it("lists, searches and pages conversations, and reads one with its 2.16 fields", async () => {
    const listed = await walk("GET", await client.conversations.list({ per_page: 20 }));
    // The 70 seeded, and any an admin's message above opened.
    expect(new Set(listed.map((c) => c.id)).size).toBe(sandbox.workspace().conversations.size);
    expect(listed.length).toBeGreaterThanOrEqual(70);
    const open = await walk(
      "POST",
      await client.conversations.search({
        query: { field: "state", operator: "=", value: "open" },
        pagination: { per_page: 15 },
      }),
    );
    expect(open.every((c) => c.state === "open")).toBe(true);
    const withTags = [...sandbox.workspace().conversations.values()].find(
      (c) => c.tagIds.length && !c.sourceless,
    );
    const one = await client.conversations
      .find({ conversation_id: withTags?.id ?? "" })
      .withRawResponse();
    expectSpec("GET", one.rawResponse, one.data);
    expect(one.data.first_contact_reply?.created_at).toBe(withTags?.createdAt);
    expect(one.data).toHaveProperty("sla_applied");
    expect(one.data).toHaveProperty("ai_agent");
    expect(one.data.tags?.tags?.[0]?.applied_at).toBe(withTags?.createdAt);
    // As Intercom answers: the count includes the opening message, the list counts what came.
    const parts = one.data.conversation_parts;
    expect(parts?.total_count).toBe(parts?.conversation_parts?.length);
    expect(one.data.statistics?.count_conversation_parts).toBe((parts?.total_count ?? 0) + 1);
    expect(["priority", "not_priority"]).toContain(one.data.priority);
  });

  it("fails as Intercom does: 401, 404, 409 and 429", async () => {
    const wrong = new IntercomClient({ token: "wrong", baseUrl: sandbox.url });
    await expectIntercomError(wrong.admins.list(), 401, "token_unauthorized");
    await expectIntercomError(client.contacts.find({ contact_id: "nope" }), 404, "not_found");
    await client.contacts.create({ external_id: "sdk-dup" });
    await expectIntercomError(client.contacts.create({ external_id: "sdk-dup" }), 409, "conflict");
    sandbox.setKnobs({ rateLimitPerMinute: 6 });
    try {
      // One call per 10-second window: within two calls one is refused. No retries: the SDK
      // would rightly wait for X-RateLimit-Reset.
      const first = await client.teams.list({ maxRetries: 0 }).then(
        () => null,
        (e: unknown) => e,
      );
      const refused =
        first ?? (await client.teams.list({ maxRetries: 0 }).catch((e: unknown) => e));
      await expectIntercomError(Promise.reject(refused), 429, "rate_limit_exceeded");
    } finally {
      sandbox.setKnobs({ rateLimitPerMinute: 10_000 });
    }
  });

  it("failed no call but the deliberate ones", () => {
    const failures = sandbox
      .requests()
      .filter((r) => r.status >= 400)
      .map((r) => `${r.status} ${r.method} ${r.route}`);
    expect(failures.sort()).toEqual([
      "400 GET /admins",
      "400 PUT /contacts/{id}",
      "401 GET /admins",
      "404 GET /contacts/{id}",
      "404 POST /tags",
      "409 POST /contacts",
      "429 GET /teams",
    ]);
  });
});
