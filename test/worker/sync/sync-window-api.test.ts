import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { WHOLE } from "../../../src/sync/window.ts";
import { expectStatus } from "../../support/status.ts";
import { runSync, servicesPerTest, syncServices } from "../../support/sync.ts";
import { ADMIN_KEY, BASE } from "../../support/webhooks.ts";

const auth = { authorization: `Bearer ${ADMIN_KEY}` };
const start = (kind: string, body: unknown) =>
  exports.default.fetch(`${BASE}/v1/sync/${kind}`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const workspace = servicesPerTest(syncServices);
const DAY = 86_400;
const now = Math.floor(Date.now() / 1000);

describe("the window of a sync started through the API", () => {
  const refused: Array<[string, unknown, string]> = [
    ["since after until", { since: "2026-05-02", until: "2026-05-01" }, "until"],
    ["since equal to until", { since: now - DAY, until: now - DAY }, "until"],
    ["a malformed date", { since: "yesterday" }, "since"],
    ["a date without a day", { until: "2026-13-40" }, "until"],
    ["milliseconds for seconds", { since: Date.now() * 1000 }, "since"],
    ["since in the future", { since: now + 10 * DAY }, "since"],
    ["hours_back of zero", { hours_back: 0 }, "hours_back"],
    ["a negative hours_back", { hours_back: -3 }, "hours_back"],
    ["a huge hours_back", { hours_back: 1_000_000 }, "hours_back"],
    ["a fractional hours_back", { hours_back: 1.5 }, "hours_back"],
    ["hours_back with mode full", { mode: "full", hours_back: 4 }, "hours_back"],
    ["hours_back with a range", { since: now - DAY, hours_back: 4 }, "hours_back"],
    ["since with mode incremental", { mode: "incremental", since: now - DAY }, "since"],
    ["until with mode incremental", { mode: "incremental", until: now }, "until"],
  ];
  for (const [what, body, field] of refused)
    it(`refuses ${what}, naming ${field}`, async () => {
      for (const kind of ["contacts", "conversations"]) {
        const res = await start(kind, body);
        await expectStatus(res, 400);
        expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
        const problem = (await res.json()) as { errors?: Array<{ field: string }> };
        expect(problem.errors?.map((e) => e.field)).toContain(field);
      }
    });

  it("shows a run's range and hours back in its views", async () => {
    const s = workspace();
    const since = Date.parse("2025-01-01T00:00:00Z") / 1000;
    const until = Date.parse("2025-03-01T12:30:00Z") / 1000;
    const ranged = await runSync(s, "full", undefined, {
      ...WHOLE,
      rangeFrom: since,
      rangeTo: until,
    });
    const view = (await (
      await exports.default.fetch(`${BASE}/v1/sync/runs/${ranged.runId}`, { headers: auth })
    ).json()) as Record<string, unknown>;
    expect(view).toMatchObject({
      mode: "full",
      range: { since: "2025-01-01T00:00:00.000Z", until: "2025-03-01T12:30:00.000Z" },
      hours_back: null,
      rate_limited: 0,
      failures: 0,
    });
    const back = await runSync(s, "incremental", undefined, { ...WHOLE, hoursBack: 6 });
    const backView = (await (
      await exports.default.fetch(`${BASE}/v1/sync/runs/${back.runId}`, { headers: auth })
    ).json()) as Record<string, unknown>;
    expect(backView).toMatchObject({ mode: "incremental", range: null, hours_back: 6 });
  });
});
