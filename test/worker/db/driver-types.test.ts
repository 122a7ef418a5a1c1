import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { servicesPerTest, syncServices } from "../../support/sync.ts";

const workspace = servicesPerTest(syncServices);

/**
 * What the Neon driver, through drizzle, really hands back for each kind of result column.
 * `sql<T>` is only a TypeScript cast: these are the values the code actually receives, and
 * the reason each raw query in src/ casts or parses the way it does. Drizzle's Neon session
 * turns off the driver's parsers for timestamps, dates, intervals and numeric[] (they arrive
 * as Postgres text), and node-postgres never parsed int8 or numeric (precision).
 */
const EXPRESSIONS = {
  count: sql`count(*)`,
  countInt: sql`count(*)::int`,
  // The cast binds to the whole aggregate, filter clause included (src/health/check.ts).
  countFilterInt: sql`count(*) filter (where x > 1)::int`,
  sumInt: sql`sum(x)`,
  sumIntCast: sql`sum(x)::int`,
  numeric: sql`1.5::numeric`,
  float8: sql`1.5::float8`,
  epoch: sql`extract(epoch from timestamptz '2026-01-02T03:04:05Z')`,
  epochBigint: sql`extract(epoch from timestamptz '2026-01-02T03:04:05Z')::bigint`,
  epochFloat: sql`extract(epoch from timestamptz '2026-01-02T03:04:05Z')::float8`,
  timestamptz: sql`timestamptz '2026-01-02T03:04:05Z'`,
  interval: sql`interval '90 seconds'`,
  numericArray: sql`array[1.5, 2]::numeric[]`,
  float8Array: sql`array[1.5, 2]::float8[]`,
  int8Array: sql`array[1, 2]::bigint[]`,
  int4Array: sql`array[1, 2]::int[]`,
  textArray: sql`array['a', 'b']::text[]`,
  timestamptzArray: sql`array[timestamptz '2026-01-02T03:04:05Z']`,
  percentileDisc: sql`percentile_disc(array[0.5]::float8[]) within group (order by extract(epoch from timestamptz '2026-01-02T03:04:05Z' + x * interval '1 day'))`,
  percentileCont: sql`percentile_cont(0.5) within group (order by x)`,
  avgInt: sql`avg(x)`,
  json: sql`json_build_object('a', 1, 'at', timestamptz '2026-01-02T03:04:05Z')`,
  jsonb: sql`jsonb_build_object('a', 1)`,
  // A row as json (src/customers/write.ts reads its customers' prior state this way).
  jsonAggRow: sql`(select json_agg(r) from (select 1.5::float8 as mrr, timestamptz '2026-01-02T03:04:05Z' as at) r)`,
  jsonbArray: sql`to_jsonb(array[1.5, 2]::numeric[])`,
  bool: sql`true`,
};

const FROM = sql`from (values (1), (2), (3)) as t(x)`;

describe("types the Neon driver returns through drizzle", () => {
  it("for a select with sql fields and for db.execute alike", async () => {
    const db = workspace().db();
    const fields = Object.entries(EXPRESSIONS).map(([k, e]) => sql`${e} as ${sql.identifier(k)}`);
    const executed = await db.execute(sql`select ${sql.join(fields, sql`, `)} ${FROM}`);
    const [selected] = await db.select(EXPRESSIONS).from(sql`(values (1), (2), (3)) as t(x)`);
    for (const row of [executed.rows[0], selected] as Array<Record<string, unknown>>) {
      expect(row).toEqual({
        count: "3",
        countInt: 3,
        countFilterInt: 2,
        sumInt: "6",
        sumIntCast: 6,
        numeric: "1.5",
        float8: 1.5,
        epoch: "1767323045.000000",
        epochBigint: "1767323045",
        epochFloat: 1767323045,
        timestamptz: expect.stringMatching(/^2026-01-02 03:04:05\+00/),
        interval: "00:01:30",
        numericArray: "{1.5,2}",
        float8Array: [1.5, 2],
        int8Array: ["1", "2"],
        int4Array: [1, 2],
        textArray: ["a", "b"],
        timestamptzArray: expect.stringMatching(/^\{"2026-01-02 03:04:05\+00"\}$/),
        percentileDisc: "{1767495845.000000}",
        percentileCont: 2,
        avgInt: "2.0000000000000000",
        json: { a: 1, at: "2026-01-02T03:04:05+00:00" },
        jsonb: { a: 1 },
        jsonAggRow: [{ mrr: 1.5, at: "2026-01-02T03:04:05+00:00" }],
        jsonbArray: [1.5, 2],
        bool: true,
      });
    }
  });
});
