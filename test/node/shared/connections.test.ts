import { describe, expect, it } from "vitest";
import {
  createSlots,
  INTERCOM_CONNECTIONS,
  MAX_OPEN_CONNECTIONS,
} from "../../../src/shared/connections.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("an invocation's outbound connection slots", () => {
  it("leave Intercom two of the platform's six", () => {
    expect([MAX_OPEN_CONNECTIONS, INTERCOM_CONNECTIONS]).toEqual([6, 4]);
  });

  it("let no more than their size run at once, and the rest in the order they asked", async () => {
    const slots = createSlots(INTERCOM_CONNECTIONS);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: INTERCOM_CONNECTIONS + 1 }, (_, i) =>
        slots.use(async () => {
          started.push(i);
          running += 1;
          most = Math.max(most, running);
          await tick();
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(INTERCOM_CONNECTIONS);
    expect(slots.peak()).toBe(INTERCOM_CONNECTIONS);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it("free a slot whose work failed", async () => {
    const slots = createSlots(1);
    await expect(slots.use(() => Promise.reject(new Error("connection refused")))).rejects.toThrow(
      "connection refused",
    );
    // Not stuck behind the failure.
    await expect(slots.use(async () => "next")).resolves.toBe("next");
    expect(slots.peak()).toBe(1);
  });

  it("refuse a size that is not a positive whole number", () => {
    expect(() => createSlots(0)).toThrow(RangeError);
    expect(() => createSlots(1.5)).toThrow(RangeError);
  });
});
