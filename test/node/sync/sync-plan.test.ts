import { describe, expect, it } from "vitest";
import { conversationPartitions } from "../../../src/sync/conversations/plan.ts";
import { DAY, partitionsFor, searchQueryFor, sinceFor } from "../../../src/sync/plan.ts";

const now = 1_795_000_000;

/** Which partition a contact created at `t` falls in, under Intercom's day-granular search. */
function owners(parts: ReturnType<typeof partitionsFor>, t: number) {
  const day = Math.floor(t / DAY);
  return parts.filter(
    (p) =>
      (p.createdFrom === null || day > Math.floor((p.createdFrom - DAY) / DAY)) &&
      (p.createdTo === null || day < Math.floor(p.createdTo / DAY)),
  );
}

describe("sync planning", () => {
  it("splits a full run into day-aligned partitions that cover every contact exactly once", () => {
    const parts = partitionsFor("full", now, { oldest: now - 400 * DAY });
    expect(parts).toHaveLength(8);
    for (let t = now - 800 * DAY; t <= now + DAY; t += 3_607)
      expect(owners(parts, t)).toHaveLength(1);
  });

  it("uses stored quantiles when it has them and never repeats a boundary", () => {
    const cuts = [1, 2, 2, 3, 4, 5, 6].map((d) => now - (10 - d) * DAY);
    const parts = partitionsFor("full", now, { boundaries: cuts });
    expect(parts).toHaveLength(7);
    for (let t = now - 30 * DAY; t <= now; t += 1_801) expect(owners(parts, t)).toHaveLength(1);
  });

  it("runs an incremental sync as one chain from two days before the watermark", () => {
    expect(partitionsFor("incremental", now)).toHaveLength(1);
    expect(sinceFor("incremental", now)).toBe(now - 2 * DAY);
    expect(sinceFor("full", now)).toBeNull();
    const q = searchQueryFor({ createdFrom: null, createdTo: null }, now - 2 * DAY);
    expect(q.query).toEqual({ field: "updated_at", operator: ">", value: now - 2 * DAY });
    expect(q.sort.field).toBe("updated_at");
  });
});

describe("conversation run planning", () => {
  /** Partitions that would return a conversation updated at `t`, under day-granular search. */
  const updatedOwners = (parts: ReturnType<typeof conversationPartitions>, t: number) => {
    const day = Math.floor(t / DAY);
    return parts.filter(
      (p) =>
        (p.updatedFrom == null || day > Math.floor((p.updatedFrom - DAY) / DAY)) &&
        (p.updatedTo == null || day < Math.floor(p.updatedTo / DAY)),
    );
  };

  it("splits an incremental run's updated_at range into day chains that cover it once", () => {
    const since = now - 2 * DAY - 3_600;
    const parts = conversationPartitions("incremental", now, since);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.length).toBeLessThanOrEqual(8);
    for (let t = since - DAY; t <= now + DAY; t += 1_237)
      expect(updatedOwners(parts, t)).toHaveLength(1);
  });

  it("never makes more than eight chains, however old the watermark", () => {
    const since = now - 90 * DAY;
    const parts = conversationPartitions("incremental", now, since);
    expect(parts).toHaveLength(8);
    for (let t = since; t <= now; t += 7_919) expect(updatedOwners(parts, t)).toHaveLength(1);
  });

  it("splits a full run by created_at, as contacts are", () => {
    const parts = conversationPartitions("full", now, null, { oldest: now - 200 * DAY });
    expect(parts).toHaveLength(8);
    expect(parts.every((p) => p.updatedFrom === undefined)).toBe(true);
    const q = searchQueryFor(parts[3] ?? { createdFrom: null, createdTo: null }, null);
    expect(q.sort.field).toBe("created_at");
  });
});
