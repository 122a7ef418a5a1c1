import { describe, expect, it } from "vitest";
import { normalizeEvents } from "../../../src/events/validate.ts";
import { AppError } from "../../../src/shared/errors.ts";

const now = new Date("2026-11-22T12:00:00Z");
const nowSeconds = now.getTime() / 1000;

function failure(input: unknown, max = 100): AppError {
  try {
    normalizeEvents(input, { now, max });
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected the events to be refused");
}

describe("event validation against Intercom's rules", () => {
  it("defaults created_at to receipt time and derives Intercom's dedupe key", () => {
    const [event] = normalizeEvents({ event_name: "signed-up", user_id: "u1" }, { now, max: 100 });
    expect(event).toMatchObject({
      createdAt: nowSeconds,
      idempotencyKey: `event:u1:signed-up:${nowSeconds}`,
    });
  });

  it("uses a client idempotency key when given", () => {
    const [event] = normalizeEvents(
      { event_name: "x", user_id: "u1", idempotency_key: "k1" },
      { now, max: 100 },
    );
    expect(event?.idempotencyKey).toBe("event:key:k1");
  });

  it("refuses more than 10 metadata keys with 422 naming the field", () => {
    const metadata = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
    const error = failure({ events: [{ event_name: "x", user_id: "u1", metadata }] });
    expect(error.kind).toBe("unprocessable");
    expect(error.problems).toEqual([
      { field: "events.0.metadata", message: expect.stringMatching(/11 keys.*at most 10/) },
    ]);
  });

  it("refuses nested metadata, accepts links and monetary amounts", () => {
    const error = failure({ event_name: "x", user_id: "u1", metadata: { deep: { a: 1 } } });
    expect(error.problems[0]?.field).toBe("events.0.metadata.deep");
    const [ok] = normalizeEvents(
      {
        event_name: "paid-invoice",
        user_id: "u1",
        metadata: {
          invoice: { url: "https://example.com/i/1", value: "Invoice 1" },
          price: { amount: 34999, currency: "eur" },
          seats: 3,
          trial: false,
        },
      },
      { now, max: 100 },
    );
    expect(Object.keys(ok?.metadata ?? {})).toHaveLength(4);
  });

  it("refuses millisecond timestamps and events without a user", () => {
    const ms = failure({ event_name: "x", user_id: "u1", created_at: now.getTime() });
    expect(ms.problems[0]?.field).toBe("events.0.created_at");
    const nobody = failure({ event_name: "x" });
    expect(nobody.problems[0]).toMatchObject({
      field: "events.0",
      message: expect.stringMatching(/user_id/),
    });
  });

  it("refuses a missing event name and too many events", () => {
    expect(failure({ user_id: "u1" }).problems[0]?.field).toBe("events.0.event_name");
    const many = { events: Array.from({ length: 51 }, () => ({ event_name: "x", user_id: "u1" })) };
    expect(failure(many, 50).kind).toBe("invalid_request");
  });

  it("records events for the proven browser user, whatever the body says", () => {
    const [event] = normalizeEvents({ event_name: "x" }, { now, max: 50, userId: "proven" });
    expect(event?.userId).toBe("proven");
  });
});
