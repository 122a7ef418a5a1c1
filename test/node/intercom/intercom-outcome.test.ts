import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../../scripts/sandbox/server.ts";
import { createIntercomClient } from "../../../src/intercom/client.ts";
import { IntercomError } from "../../../src/intercom/errors.ts";
import { memoryGate } from "../../../src/intercom/gate/gate.ts";
import { neverConnected, outcomeOf } from "../../../src/intercom/outcome.ts";
import { systemClock } from "../../../src/shared/clock.ts";

const TOKEN = "local-intercom-token";
const NO_FAULTS = { rate429: 0, rate5xx: 0, timeoutRate: 0, truncatedRate: 0, lostReplyRate: 0 };
let sandbox: Sandbox;
let contactId: string;

const failure = (status: number, code: string) =>
  new IntercomError({ status, code, message: "m", retryable: status === 0 || status >= 500 });

async function rejection(promise: Promise<unknown>): Promise<IntercomError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntercomError);
  return error as IntercomError;
}

/** The client against the sandbox, counting the requests it really sent. */
function client(base = sandbox.url) {
  const sent = { count: 0 };
  const c = createIntercomClient({
    baseUrl: base,
    token: TOKEN,
    gate: memoryGate(systemClock),
    maxAttempts: 4,
    baseDelayMs: 1,
    sleep: async () => {},
    fetch: (input, init) => {
      sent.count += 1;
      return fetch(input, init);
    },
  });
  return { c, sent };
}

const notesOn = async (id: string) =>
  (await fetch(`${sandbox.url}/contacts/${id}/notes?per_page=150`, {
    headers: { authorization: `Bearer ${TOKEN}`, "intercom-version": "2.16" },
  }).then((r) => r.json())) as { data: Array<{ body: string }> };

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 31, sizes: { contacts: 5, conversations: 0 } });
  contactId = sandbox.workspace().contactOrder[0] ?? "";
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.setKnobs({ faults: NO_FAULTS }));

describe("what a failed call says about whether Intercom acted on it", () => {
  it("classifies answers, calls never sent, and calls whose fate is unknown", () => {
    for (const status of [400, 401, 403, 404, 409, 422, 429])
      expect(outcomeOf(failure(status, `http_${status}`)), String(status)).toBe("refused");
    for (const code of ["circuit_open", "not_sent", "connect_failed"])
      expect(outcomeOf(failure(0, code)), code).toBe("unsent");
    // Our gate's own 429 (its budget spent before sending) says the same: nothing written.
    expect(outcomeOf(failure(429, "rate_limit_exceeded"))).toBe("refused");
    for (const code of ["timeout", "network_error", "truncated_response"])
      expect(outcomeOf(failure(0, code)), code).toBe("ambiguous");
    for (const status of [500, 502, 503, 504])
      expect(outcomeOf(failure(status, "server_error")), String(status)).toBe("ambiguous");
    // A 2xx we could not read: the write landed, its answer is what we lack.
    expect(outcomeOf(failure(200, "unexpected_response"))).toBe("ambiguous");
    expect(outcomeOf(new Error("thrown around the call"))).toBe("ambiguous");
  });

  it("tells a connection never made from one lost after sending, by the socket's code", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(neverConnected(new TypeError("fetch failed", { cause: refused }))).toBe(true);
    const reset = Object.assign(new Error("other side closed"), { code: "ECONNRESET" });
    expect(neverConnected(new TypeError("fetch failed", { cause: reset }))).toBe(false);
    // workerd says the same for both: ambiguous, settled by a read.
    expect(neverConnected(new Error("Network connection lost."))).toBe(false);
  });
});

describe("the client's retries, per request", () => {
  it("sends a note once when its answer is lost, and says the outcome is ambiguous", async () => {
    sandbox.setKnobs({ faults: { ...NO_FAULTS, lostReplyRate: 1 } });
    const { c, sent } = client();
    const body = `lost ${crypto.randomUUID()}`;
    const error = await rejection(c.addNote(contactId, body));
    expect(sent.count).toBe(1);
    expect(outcomeOf(error)).toBe("ambiguous");
    // Intercom applied it: exactly one note, which is why it must not be sent blindly again.
    sandbox.setKnobs({ faults: NO_FAULTS });
    const notes = (await notesOn(contactId)).data.filter((n) => n.body.includes(body));
    expect(notes).toHaveLength(1);
  });

  it("does not resend a message after a 5xx, and retries a read four times", async () => {
    sandbox.setKnobs({ faults: { ...NO_FAULTS, rate5xx: 1 } });
    const write = client();
    const error = await rejection(
      write.c.sendMessage({
        messageType: "inapp",
        fromAdminId: sandbox.workspace().admins[0]?.id ?? "",
        to: { type: "user", id: contactId },
        body: "hello",
      }),
    );
    expect(error.status).toBeGreaterThanOrEqual(500);
    expect(write.sent.count).toBe(1);
    const read = client();
    await rejection(read.c.listContactsPage(null, 1));
    expect(read.sent.count).toBe(4);
  });

  it("retries idempotent writes after a lost answer (tagging)", async () => {
    sandbox.setKnobs({ faults: { ...NO_FAULTS, lostReplyRate: 1 } });
    const { c, sent } = client();
    const error = await rejection(c.addTagByName(contactId, "retried"));
    expect(sent.count).toBe(4);
    expect(outcomeOf(error)).toBe("ambiguous");
  });

  it("retries a note whose connection was never made, and sends nothing past its deadline", async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const refused = client(`http://127.0.0.1:${closed}`);
    const error = await rejection(refused.c.addNote(contactId, "never sent"));
    expect(error.code).toBe("connect_failed");
    expect(outcomeOf(error)).toBe("unsent");
    expect(refused.sent.count).toBe(4);
    const late = client();
    const notSent = await rejection(
      late.c.addNote(contactId, "too late", undefined, { deadline: Date.now() + 500 }),
    );
    expect(notSent.code).toBe("not_sent");
    expect(late.sent.count).toBe(0);
  });
});
