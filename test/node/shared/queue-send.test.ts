import { describe, expect, it } from "vitest";
import { batchesOf, MAX_BATCH_BYTES, MAX_BATCH_MESSAGES } from "../../../src/shared/queue-send.ts";

const bytes = (batch: unknown[]) =>
  batch.reduce<number>(
    (sum, body) => sum + new TextEncoder().encode(JSON.stringify(body)).length,
    0,
  );

describe("splitting queue sends to the platform's limits", () => {
  it("keeps every call at 100 messages or fewer, in order, losing none", () => {
    const bodies = Array.from({ length: 2 * MAX_BATCH_MESSAGES + 1 }, (_, i) => ({ i }));
    const batches = batchesOf(bodies);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 1]);
    expect(batches.flat()).toEqual(bodies);
  });

  it("keeps every call under 256 KB however few messages it holds", () => {
    const bodies = Array.from({ length: 12 }, (_, i) => ({ i, text: "x".repeat(50_000) }));
    const batches = batchesOf(bodies);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) expect(bytes(batch)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(batches.flat()).toEqual(bodies);
  });

  it("sends nothing for nothing", () => {
    expect(batchesOf([])).toEqual([]);
  });
});
