import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleNotification } from "../../../scripts/sandbox/samples/notifications.ts";
import { type CliStack, runCli, startCliStack } from "../../support/cli.ts";

let local: CliStack;
let db: pg.Client;
let url = "";
const cli = (...args: string[]) => runCli(args, { url }, 180_000);
const json = <T>(stdout: string) => JSON.parse(stdout) as T;

beforeAll(async () => {
  local = await startCliStack();
  url = local.stack.baseUrl;
  db = new pg.Client({ connectionString: local.stack.vars.DATABASE_URL });
  await db.connect();
}, 180_000);
afterAll(async () => {
  await db?.end();
  await local?.stop();
}, 60_000);

async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe("the CLI against a running service", () => {
  it("test-connection: the service, its database and whom the token belongs to", async () => {
    const ok = await cli("test-connection");
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/ok\s+service/);
    expect(ok.stdout).toMatch(/ok\s+database/);
    expect(ok.stdout).toMatch(/ok\s+intercom .*workspace Sandbox/);
    const machine = await cli("test-connection", "--json");
    expect(json<{ ok: boolean; checks: unknown[] }>(machine.stdout)).toMatchObject({ ok: true });
  });

  it("test-connection with a wrong admin key fails with exit 1", async () => {
    const wrong = await runCli(["test-connection"], { url, key: "not-the-key" });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/failed\s+service .*401/);
  });

  it("sync contacts --full runs to the end, exit 0, with a JSON summary", async () => {
    const result = await cli("sync", "contacts", "--full", "--json");
    expect(result.code, result.stderr).toBe(0);
    const run = json<{
      status: string;
      mode: string;
      contacts_synced: number;
      progress: { records_done: number };
    }>(result.stdout);
    expect(run).toMatchObject({ status: "succeeded", mode: "full" });
    const res = await fetch(`${local.sandbox.url}/contacts/search`, {
      method: "POST",
      headers: { authorization: "Bearer local-intercom-token", "content-type": "application/json" },
      body: JSON.stringify({ query: { field: "created_at", operator: ">", value: 0 } }),
    });
    const { total_count } = (await res.json()) as { total_count: number };
    expect(run.contacts_synced).toBe(total_count);
    expect(run.progress.records_done).toBe(total_count);
  });

  it("sync contacts --since --until runs over that created-at range only", async () => {
    const result = await cli(
      "sync",
      "contacts",
      "--since",
      "2026-06-01",
      "--until",
      "2026-09-01T00:00:00Z",
      "--json",
    );
    expect(result.code, result.stderr).toBe(0);
    const run = json<{ status: string; mode: string; range: unknown; contacts_synced: number }>(
      result.stdout,
    );
    expect(run).toMatchObject({
      status: "succeeded",
      mode: "full",
      range: { since: "2026-06-01T00:00:00.000Z", until: "2026-09-01T00:00:00.000Z" },
    });
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from contacts where workspace_id = 'default' and deleted_at is null
         and intercom_created_at >= '2026-06-01' and intercom_created_at < '2026-09-01'`,
    );
    expect(run.contacts_synced).toBe(rows[0]?.n);
  });

  it("status --json parses and shows the latest contact run", async () => {
    const result = await cli("status", "--json");
    expect(result.code, result.stderr).toBe(0);
    const status = json<{ status: string; latest_runs: { contacts: { status: string } | null } }>(
      result.stdout,
    );
    expect(status.status).toBe("ok");
    expect(status.latest_runs.contacts?.status).toBe("succeeded");
  });

  it("customers --high-value --json lists only high-value customers", async () => {
    const result = await cli("customers", "--high-value", "--json", "--limit", "500");
    expect(result.code, result.stderr).toBe(0);
    const rows = json<Array<{ mrr: number | null }>>(result.stdout);
    expect(rows.length).toBeGreaterThan(0);
    // HIGH_VALUE_MRR defaults to 500 dollars.
    expect(rows.every((r) => (r.mrr ?? 0) > 500)).toBe(true);
    const table = await cli("customers", "--high-value", "--limit", "3");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/email/);
    const email = String((rows[0] as { email?: string }).email);
    const one = await cli("customers", "--email", email.toUpperCase(), "--json");
    expect(one.code, one.stderr).toBe(0);
    expect(json<Array<{ email: string }>>(one.stdout).map((r) => r.email)).toEqual([email]);
    const nobody = await cli("customers", "--email", "nobody@example.com");
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain("404");
  });

  it("a second start of a run under way says so and follows that run", async () => {
    const first = await cli("sync", "conversations", "--full", "--no-wait", "--json");
    expect(first.code, first.stderr).toBe(0);
    const { id } = json<{ id: string }>(first.stdout);
    const second = await cli("sync", "conversations", "--full", "--json");
    const run = json<{ run_id: string; status: string }>(second.stdout);
    // Unless the first had already finished when the second asked.
    if (second.stderr.includes("already under way")) expect(run.run_id).toBe(id);
    expect(run.status).toBe("succeeded");
    expect(second.code).toBe(0);
  });

  it("conversation shows a stored conversation and its latest parts; exit 1 when unknown", async () => {
    // A conversation of the sandbox with several parts, so the latest one can be told apart.
    let id = "";
    for (let n = 100000001; n <= 100000012 && !id; n++) {
      const res = await fetch(`${local.sandbox.url}/conversations/${n}`, {
        headers: { authorization: "Bearer local-intercom-token" },
      });
      const found = (await res.json()) as {
        conversation_parts?: { conversation_parts: unknown[] };
      };
      if ((found.conversation_parts?.conversation_parts.length ?? 0) > 1) id = String(n);
    }
    const synced = await cli("sync-conversation", id);
    expect(synced.code, synced.stderr).toBe(0);
    const { rows } = await db.query<{ id: string }>(
      `select id from conversation_parts where workspace_id = 'default' and conversation_id = $1
       order by intercom_created_at, id`,
      [id],
    );
    expect(rows.length).toBeGreaterThan(1);
    const machine = await cli("conversation", id, "--json", "--limit", "1");
    expect(machine.code, machine.stderr).toBe(0);
    const read = json<{ id: string; parts_count: number; parts: Array<{ id: string }> }>(
      machine.stdout,
    );
    expect(read).toMatchObject({ id, parts_count: rows.length });
    expect(read.parts.map((p) => p.id)).toEqual([rows.at(-1)?.id]);
    const table = await cli("conversation", id);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain(`conversation ${id}`);
    expect(table.stdout).toMatch(/parts_truncated\s*│\s*false/);
    expect(table.stdout).toContain(`last ${rows.length} of ${rows.length} parts`);
    const unknown = await cli("conversation", "999999999");
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toMatch(/^error: 404 no conversation 999999999/);
  });

  it("replay applies a dead delivery again, and refuses it once applied", async () => {
    const notification = sampleNotification("contact.user.created", { appId: "default" });
    const key = String(notification.id);
    await db.query(
      `insert into webhook_deliveries (workspace_id, delivery_key, notification_id, topic, received_at, payload, status, attempts, last_error)
       values ('default', $1, $1, $2, now(), $3, 'dead', 3, 'retries exhausted')`,
      [key, notification.topic, JSON.stringify(notification)],
    );
    const dead = await cli("deliveries", "--status", "dead", "--json");
    expect(json<Array<{ delivery_key: string }>>(dead.stdout).map((d) => d.delivery_key)).toContain(
      key,
    );
    const replayed = await cli("replay", key);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toMatch(/queued to be applied again/);
    const status = await eventually(
      async () =>
        (await db.query("select status from webhook_deliveries where delivery_key = $1", [key]))
          .rows[0]?.status,
      (s) => s === "applied",
    );
    expect(status).toBe("applied");
    const again = await cli("replay", key);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: 409 .*applied/);
    const unknown = await cli("replay", "notif_nobody");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/404/);
  });

  it("replay --status dead --topic --since --until replays those, waits, and counts them", async () => {
    const dead = async (topic: string, receivedAt: string) => {
      const n = sampleNotification(topic, { appId: "default" });
      await db.query(
        `insert into webhook_deliveries (workspace_id, delivery_key, notification_id, topic, received_at, payload, status, attempts, last_error, processed_at)
         values ('default', $1, $1, $2, $3, $4, 'dead', 3, 'test: parser bug', now())`,
        [String(n.id), topic, receivedAt, JSON.stringify(n)],
      );
      return String(n.id);
    };
    const window = ["--since", "2001-01-01", "--until", "2001-02-01T00:00:00Z"];
    const users = [
      await dead("contact.user.created", "2001-01-05"),
      await dead("contact.user.created", "2001-01-20"),
    ];
    const outside = await dead("contact.user.created", "2001-02-01");
    const lead = await dead("contact.lead.created", "2001-01-10");
    const bulk = await cli(
      "replay",
      "--status",
      "dead",
      "--topic",
      "contact.user.created",
      ...window,
      "--json",
    );
    expect(bulk.code, bulk.stderr).toBe(0);
    expect(json(bulk.stdout)).toMatchObject({
      replayed: 2,
      outcome: { applied: 2, ignored: 0, dead: 0, failed: 0, waiting: 0 },
    });
    const { rows } = await db.query<{ delivery_key: string; status: string }>(
      "select delivery_key, status from webhook_deliveries where delivery_key = any($1)",
      [[...users, outside, lead]],
    );
    const status = Object.fromEntries(rows.map((r) => [r.delivery_key, r.status]));
    expect(users.map((k) => status[k])).toEqual(["applied", "applied"]);
    expect([status[outside], status[lead]]).toEqual(["dead", "dead"]);
    const again = await cli(
      "replay",
      "--status",
      "dead",
      "--topic",
      "contact.user.created",
      ...window,
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe("replayed 0 deliveries\n");
  });

  it("retry sends a dead outbox write again", async () => {
    const userId = `u_cli_${Date.now()}`;
    const { rows } = await db.query<{ id: string }>(
      `insert into outbox_messages (workspace_id, kind, idempotency_key, subject, payload, status, attempts, last_error)
       values ('default', 'contact.identify', $1, $2, $3, 'dead', 10, 'retries exhausted') returning id::text`,
      [`cli:${userId}`, userId, JSON.stringify({ userId })],
    );
    const id = rows[0]?.id ?? "";
    const retried = await cli("retry", id, "--json");
    expect(retried.code, retried.stderr).toBe(0);
    expect(json(retried.stdout)).toMatchObject({
      id,
      status: "pending",
      attempts: 0,
      changed: true,
    });
    const row = await eventually(
      async () =>
        (await db.query("select status from outbox_messages where id = $1", [id])).rows[0]?.status,
      (s) => s === "delivered",
    );
    expect(row).toBe("delivered");
    const again = await cli("retry", id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/409/);
  });

  it("watch runs both kinds each round until Ctrl-C, which ends it with exit 0", async () => {
    const twoRuns = (stdout: string) => stdout.trim().split("\n").filter(Boolean).length >= 2;
    const result = await runCli(
      ["watch", "--interval", "0.1", "--json"],
      { url },
      180_000,
      twoRuns,
    );
    expect(result.code, result.stderr).toBe(0);
    const runs = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { kind: string; mode: string; status: string });
    expect(runs.slice(0, 2).map((r) => [r.kind, r.mode, r.status])).toEqual([
      ["contacts", "incremental", "succeeded"],
      ["conversations", "incremental", "succeeded"],
    ]);
    expect(result.stderr).toMatch(/stopped watching/);
  });
});
