import { createServer } from "node:http";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/client.ts";
import * as schema from "../../../src/db/schema/index.ts";
import { changeMrr, seedAccounts } from "../../support/account-fixtures.ts";
import { type CliStack, runCli, startCliStack } from "../../support/cli.ts";

interface Listed {
  company_id: string | null;
  name: string | null;
  mrr: number;
  at_risk: boolean;
}

let local: CliStack;
let pool: pg.Pool;
let url = "";
const cli = (...args: string[]) => runCli(args, { url }, 120_000);
const json = <T>(stdout: string) => JSON.parse(stdout) as T;
const tag = crypto.randomUUID().slice(0, 8);
let made: Awaited<ReturnType<typeof seedAccounts>> = [];

beforeAll(async () => {
  local = await startCliStack();
  url = local.stack.baseUrl;
  pool = new pg.Pool({ connectionString: local.stack.vars.DATABASE_URL, max: 2 });
  const db = drizzle({ client: pool, schema }) as unknown as Database;
  // The stack syncs under the token's workspace, `default` (test/support/cli.ts).
  made = await seedAccounts(db, "default", [
    {
      name: `Cli Big ${tag}`,
      companyId: `cli-big-${tag}`,
      plan: "enterprise",
      people: [
        { name: "Ada", mrr: 1500 },
        { name: "Grace", mrr: 500 },
      ],
    },
    {
      name: `Cli Troubled ${tag}`,
      companyId: `cli/eu ${tag}`,
      people: [{ name: "Linus", mrr: 300, delinquent: true, cancelIntent: true }],
    },
    { name: `Cli Small ${tag}`, companyId: `cli-small-${tag}`, people: [{ mrr: 20 }] },
  ]);
  // Ada's MRR falls: the account's falls by more than half, which raises an alert on it.
  await changeMrr(db, "default", { id: made[0]?.id ?? "" }, made[0]?.people[0]?.email ?? "", 100);
}, 240_000);
afterAll(async () => {
  await pool?.end();
  await local?.stop();
}, 60_000);

describe("accounts against a running service", () => {
  it("lists accounts most MRR first, searched, filtered and limited", async () => {
    const all = await cli("accounts", "--q", tag, "--json");
    expect(all.code, all.stderr).toBe(0);
    expect(json<Listed[]>(all.stdout).map((a) => [a.name, a.mrr, a.at_risk])).toEqual([
      [`Cli Big ${tag}`, 600, false],
      [`Cli Troubled ${tag}`, 300, true],
      [`Cli Small ${tag}`, 20, false],
    ]);
    const risky = await cli("accounts", "--q", tag, "--at-risk", "--json");
    expect(json<Listed[]>(risky.stdout).map((a) => a.company_id)).toEqual([`cli/eu ${tag}`]);
    const valuable = await cli("accounts", "--q", tag, "--high-value", "--json");
    expect(json<Listed[]>(valuable.stdout).map((a) => a.company_id)).toEqual([`cli-big-${tag}`]);
    const top = await cli("accounts", "--q", tag, "--limit", "2", "--json");
    expect(json<Listed[]>(top.stdout)).toHaveLength(2);
    const table = await cli("accounts", "--q", tag);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/company id.*name.*mrr.*health/);
    expect(table.stdout).toMatch(/40 at risk/);
    const none = await cli("accounts", "--q", `nothing-${tag}`);
    expect(none.stdout).toContain("(none)");
  });

  it("shows one account with its people and alerts; exit 1 when unknown", async () => {
    const one = await cli("accounts", "show", `cli-big-${tag}`, "--json");
    expect(one.code, one.stderr).toBe(0);
    const account = json<{
      name: string;
      previous_mrr: number;
      people: Array<{ name: string; mrr: number }>;
      alerts: Array<{ kind: string }>;
    }>(one.stdout);
    expect(account.name).toBe(`Cli Big ${tag}`);
    expect(account.previous_mrr).toBe(2000);
    expect(account.people.map((p) => [p.name, p.mrr])).toEqual([
      ["Grace", 500],
      ["Ada", 100],
    ]);
    expect(account.alerts.map((a) => a.kind)).toEqual(["mrr_change"]);
    const table = await cli("accounts", "show", `cli-big-${tag}`);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/plan\s*│\s*enterprise/);
    expect(table.stdout).toContain("people: 2");
    expect(table.stdout).toContain(made[0]?.people[0]?.email ?? "?");
    expect(table.stdout).toContain("latest alerts: 1");
    expect(table.stdout).toMatch(/mrr_change.*MRR changed/);
    // A company id with a slash and a space travels encoded, as one path segment.
    const odd = await cli("accounts", "show", `cli/eu ${tag}`, "--json");
    expect(odd.code, odd.stderr).toBe(0);
    expect(json<{ at_risk: boolean }>(odd.stdout).at_risk).toBe(true);
    // Intercom's id when no account has it as company id.
    const byIntercom = await cli("accounts", "show", made[2]?.id ?? "", "--json");
    expect(json<{ name: string }>(byIntercom.stdout).name).toBe(`Cli Small ${tag}`);
    const unknown = await cli("accounts", "show", `nobody-${tag}`);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toMatch(/^error: 404 no account/);
  });
});

describe("accounts pages like every list", () => {
  it("follows next_cursor with the filters until --limit rows", async () => {
    const asked: URLSearchParams[] = [];
    const row = (n: number) => ({
      company_id: `c${n}`,
      intercom_id: `i${n}`,
      name: `Co ${n}`,
      mrr: 100 - n,
      health: 100,
      at_risk: false,
      people_count: 1,
      open_conversations: 0,
      delinquent_people: 0,
      cancel_mentions: 0,
    });
    // Pages of two, whatever the limit: the CLI must ask again with the cursor.
    const fake = createServer((req, res) => {
      const query = new URL(req.url ?? "/", "http://x").searchParams;
      asked.push(query);
      const from = Number(query.get("cursor") ?? 0);
      const rows = Array.from({ length: Math.min(2, Number(query.get("limit"))) }, (_, i) =>
        row(from + i),
      );
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: rows, next_cursor: String(from + rows.length) }));
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    const address = fake.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const args = ["accounts", "--q", "Co", "--at-risk", "--limit", "5", "--json"];
      const result = await runCli(args, { url: `http://127.0.0.1:${port}` });
      expect(result.code, result.stderr).toBe(0);
      expect(json<Listed[]>(result.stdout).map((a) => a.company_id)).toEqual([
        "c0",
        "c1",
        "c2",
        "c3",
        "c4",
      ]);
      expect(asked.map((q) => [q.get("cursor"), q.get("limit")])).toEqual([
        [null, "5"],
        ["2", "3"],
        ["4", "1"],
      ]);
      for (const q of asked) expect([q.get("q"), q.get("at_risk")]).toEqual(["Co", "true"]);
    } finally {
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });
});
