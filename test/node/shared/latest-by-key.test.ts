import { describe, expect, it } from "vitest";
import { latestByKey } from "../../../src/db/sql.ts";

interface Row {
  id: string;
  at: number;
  label: string;
}
const byId = (r: Row) => r.id;
const isNewer = (a: Row, b: Row) => a.at > b.at;

describe("latestByKey", () => {
  it("keeps the newest row per key, whatever the order", () => {
    const rows: Row[] = [
      { id: "a", at: 2, label: "a-new" },
      { id: "b", at: 1, label: "b-old" },
      { id: "a", at: 1, label: "a-old" },
      { id: "b", at: 3, label: "b-new" },
    ];
    expect(latestByKey(rows, byId, isNewer).map((r) => r.label)).toEqual(["a-new", "b-new"]);
    expect(
      latestByKey([...rows].reverse(), byId, isNewer)
        .map((r) => r.label)
        .sort(),
    ).toEqual(["a-new", "b-new"]);
  });

  it("lets the later of two equals win, and the later of any two when nothing is newer", () => {
    const rows: Row[] = [
      { id: "a", at: 5, label: "first" },
      { id: "a", at: 5, label: "second" },
    ];
    expect(latestByKey(rows, byId, isNewer).map((r) => r.label)).toEqual(["second"]);
    expect(latestByKey(rows, byId, () => false).map((r) => r.label)).toEqual(["second"]);
  });
});
