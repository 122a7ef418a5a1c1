import { describe, expect, it } from "vitest";
import {
  BATCH_BOUND_KINDS,
  buildRows,
  cpuPerInvocation,
  GROWTH_TOLERANCE,
  missingKinds,
  type PhaseCpu,
  parseMeterLine,
  percentile,
  problemsOf,
  type Sample,
} from "../../../scripts/perf/limits/figures.ts";
import { renderTable } from "../../../scripts/perf/limits/render.ts";
import { createMeter, pastHalf } from "../../../src/shared/meter.ts";

const figures = {
  subrequests: 4,
  fetches: 1,
  do_calls: 2,
  queue_sends: 0,
  db_connections: 1,
  peak_connections: 2,
  wall_ms: 144,
};

function sample(
  invocation: string,
  size: string,
  subrequests: number,
  extra: Partial<Sample> = {},
) {
  return { ...figures, invocation, size, phase: "p", subrequests, ...extra } satisfies Sample;
}

describe("reading the meter's lines out of wrangler's output", () => {
  it("reads a debug line as the Worker printed it", () => {
    const line = JSON.stringify({
      level: "debug",
      message: "invocation",
      queue: "intercom-sync",
      messages: 1,
      invocation: "queue:intercom-sync/sync.contacts.step",
      ...figures,
    });
    expect(parseMeterLine(line)).toEqual({
      invocation: "queue:intercom-sync/sync.contacts.step",
      messages: 1,
      ...figures,
    });
  });

  it("reads a warning through wrangler's colours and its ▲ [WARNING] prefix", () => {
    const json = JSON.stringify({
      level: "warn",
      message: "invocation",
      invocation: "queue:intercom-sync/sync.finish.contacts",
      ...figures,
      subrequests: 452,
      past_half_of_limit: ["connections"],
    });
    const line = `\u001b[33m▲ \u001b[43;33m[\u001b[43;30mWARNING\u001b[43;33m]\u001b[0m \u001b[1m${json}\u001b[0m`;
    expect(parseMeterLine(line)?.subrequests).toBe(452);
  });

  it("ignores every other line, and a line that only mentions an invocation", () => {
    expect(parseMeterLine("[wrangler:info] QUEUE intercom-sync 1/1 (152ms)")).toBeNull();
    expect(parseMeterLine('{"level":"info","message":"sync step","invocation":"x"}')).toBeNull();
    expect(
      parseMeterLine('{"message":"invocation","invocation":"x","subrequests":"many"}'),
    ).toBeNull();
  });
});

describe("the table's rows", () => {
  it("gives each kind and size its count, maxima, p95 and largest batch", () => {
    const samples = [
      ...Array.from({ length: 19 }, () => sample("queue:a/x", "small", 10, { messages: 20 })),
      sample("queue:a/x", "small", 90, { messages: 7, peak_connections: 5, wall_ms: 900 }),
      sample("fetch:GET /health", "small", 1),
      sample("queue:a/x", "large", 12, { messages: 20 }),
    ];
    const rows = buildRows(samples, [], ["small", "large"]);
    expect(rows.map((r) => [r.kind, r.size])).toEqual([
      ["fetch:GET /health", "small"],
      ["queue:a/x", "small"],
      ["queue:a/x", "large"],
    ]);
    expect(rows[0]?.batch).toBeNull();
    expect(rows[1]).toMatchObject({
      count: 20,
      batch: 20,
      subrequestsMax: 90,
      subrequestsP95: 10,
      connectionsMax: 5,
      wallMsMax: 900,
    });
  });

  it("p95 is the nearest rank", () => {
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
    expect(
      percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 95),
    ).toBe(19);
  });

  it("spreads a phase's CPU over the invocations that ended in it", () => {
    const phases: PhaseCpu[] = [
      { size: "s", phase: "a", cpuMs: 1000, invocations: 10 },
      { size: "s", phase: "b", cpuMs: 300, invocations: 1 },
    ];
    const one = (phase: string) => ({ ...sample("k", "s", 1), phase });
    expect(cpuPerInvocation([one("a"), one("a"), one("b")], phases)).toBeCloseTo(
      (100 + 100 + 300) / 3,
    );
    expect(cpuPerInvocation([one("elsewhere")], phases)).toBeNull();
  });

  it("renders one Markdown row per kind and size, under a header", () => {
    const rows = buildRows([sample("cron:* * * * *", "small", 3)], [], ["small"]);
    const lines = renderTable(rows).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\| invocation +\| size/);
    expect(lines[2]).toMatch(/^\| `cron:\* \* \* \* \*` \| small \|/);
  });
});

describe("what fails the run", () => {
  const sizes = ["small", "large"];

  it("an invocation past 1,000 subrequests or 6 connections, named with its size", () => {
    const samples = [
      sample("queue:s/finish", "small", 1001),
      sample("queue:s/parts", "large", 31, { peak_connections: 7 }),
      sample("queue:s/step", "large", 1000, { peak_connections: 6 }),
    ];
    const problems = problemsOf(samples, buildRows(samples, [], sizes), sizes);
    expect(problems).toEqual([
      "queue:s/finish at small: 1001 subrequests in one invocation (limit 1000)",
      "queue:s/parts at large: 7 connections open at once (limit 6)",
    ]);
  });

  it("a kind whose most expensive invocation costs more in the larger workspace", () => {
    const samples = [
      sample("grows", "small", 40),
      sample("grows", "large", 40 + GROWTH_TOLERANCE + 1),
      sample("steady", "small", 40),
      sample("steady", "large", 40 + GROWTH_TOLERANCE),
      sample("only-large", "large", 500),
    ];
    expect(problemsOf(samples, buildRows(samples, [], sizes), sizes)).toEqual([
      `grows: ${38 + GROWTH_TOLERANCE + 1} subrequests besides the rate gate's at large against 38 at small (grows with the workspace)`,
    ]);
  });

  it("more rate gate exchanges for the same work is timing, not growth", () => {
    const samples = [
      sample("finish", "small", 170, { do_calls: 18 }),
      sample("finish", "large", 174, { do_calls: 22 }),
    ];
    expect(problemsOf(samples, buildRows(samples, [], sizes), sizes)).toEqual([]);
  });

  it("an outbox batch held to the limits only: its cost follows what shares the batch", () => {
    const [outbox = ""] = BATCH_BOUND_KINDS;
    const samples = [
      sample(outbox, "small", 50),
      sample(outbox, "large", 50 + GROWTH_TOLERANCE + 4),
      sample(outbox, "large", 1001),
    ];
    expect(problemsOf(samples, buildRows(samples, [], sizes), sizes)).toEqual([
      `${outbox} at large: 1001 subrequests in one invocation (limit 1000)`,
    ]);
  });

  it("a kind the workload never ran at a size", () => {
    const samples = [sample("a", "small", 1), sample("a", "large", 1), sample("b", "small", 1)];
    expect(missingKinds(samples, ["a", "b"], sizes)).toEqual(["b at large: never ran"]);
  });
});

describe("the Worker's meter", () => {
  it("sums subrequests by kind, keeps the peak of open connections, and times the invocation", () => {
    let now = 1_000;
    const meter = createMeter(() => now);
    meter.count("fetches");
    meter.count("do_calls");
    meter.count("do_calls");
    meter.count("db_connections");
    meter.opened();
    meter.opened();
    meter.closed();
    meter.opened();
    meter.closed();
    meter.closed();
    meter.closed();
    now = 1_250;
    expect(meter.figures()).toEqual({
      subrequests: 4,
      fetches: 1,
      do_calls: 2,
      queue_sends: 0,
      db_connections: 1,
      peak_connections: 2,
      wall_ms: 250,
    });
  });

  it("names the figures past half their limit", () => {
    const base = { ...figures, subrequests: 500, peak_connections: 3 };
    expect(pastHalf(base)).toEqual([]);
    expect(pastHalf({ ...base, subrequests: 501, peak_connections: 4 })).toEqual([
      "subrequests",
      "connections",
    ]);
  });
});
