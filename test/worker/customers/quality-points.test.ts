import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import {
  type SupportInputs,
  supportPoints,
  supportPointsSql,
} from "../../../src/customers/quality.ts";
import { createServices } from "../../../src/services.ts";

const CASES: SupportInputs[] = [
  { conversationsTotal: null, averageCsat: null },
  { conversationsTotal: 0, averageCsat: null },
  { conversationsTotal: 1, averageCsat: null },
  { conversationsTotal: 40, averageCsat: 4.5 },
  { conversationsTotal: 0, averageCsat: 3 },
  { conversationsTotal: null, averageCsat: 0 },
  { conversationsTotal: 2, averageCsat: 0 },
];

describe("the quality score's support points", () => {
  it("are the same in SQL as in TypeScript", async () => {
    const db = createServices({ ...env } as Env).db();
    const rows = CASES.map(
      (c) =>
        sql`select ${supportPointsSql({
          total: sql`${c.conversationsTotal}::int`,
          csat: sql`${c.averageCsat}::double precision`,
        })} as points`,
    );
    const result = await db.execute(sql.join(rows, sql` union all `));
    const fromSql = (result.rows as Array<{ points: number }>).map((r) => Number(r.points));
    expect(fromSql).toEqual(CASES.map(supportPoints));
    expect(new Set(fromSql)).toEqual(new Set([0, 10, 20]));
  });
});
