import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../support/cli.ts";

/** Counts every request: bad input must be refused before any is sent. */
let requests = 0;
let server: Server;
let url = "";

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const refused: Array<[string, string[], RegExp]> = [
  ["a malformed date", ["sync", "contacts", "--since", "not-a-date"], /--since .*ISO 8601/],
  ["an impossible date", ["sync", "contacts", "--until", "2026-02-30"], /--until/],
  [
    "since after until",
    ["sync", "contacts", "--since", "2026-05-02", "--until", "2026-05-01"],
    /--until must be after since/,
  ],
  ["an unknown kind", ["sync", "people"], /people.*contacts, conversations/],
  ["hours back with --full", ["sync", "contacts", "--full", "--hours-back", "4"], /--hours-back/],
  ["hours back of zero", ["sync", "conversations", "--hours-back", "0"], /--hours-back/],
  ["hours back that is not a number", ["sync", "contacts", "--hours-back", "lots"], /--hours-back/],
  ["an unknown status", ["deliveries", "--status", "lost"], /lost/],
  ["a limit out of range", ["customers", "--limit", "0"], /--limit/],
  ["an account list over 500", ["accounts", "--limit", "501"], /--limit/],
  ["a blank account search", ["accounts", "--q", "  "], /--q must be 1 to 200/],
  ["an account search too long", ["accounts", "--q", "a".repeat(201)], /--q must be 1 to 200/],
  ["a company id too long", ["accounts", "show", "x".repeat(256)], /company id must be 1 to 255/],
  ["an outbox id that is not a UUID", ["retry", "42"], /not a UUID/],
  ["a run id that is not a UUID", ["runs", "show", "x"], /not a UUID/],
  [
    "a write-back run id that is not a UUID",
    ["writeback", "show", "42"],
    /run id 42 is not a UUID/,
  ],
  ["a write-back list over 50", ["writeback", "list", "--limit", "51"], /--limit 51 .* 1 to 50/],
  ["a write-back with an argument", ["writeback", "now"], /too many arguments|unknown command/],
  ["a conversation id with a slash", ["sync-conversation", "a/b"], /not a conversation id/],
  ["a conversation id with a space", ["conversation", "a b"], /not a conversation id/],
  ["too many parts", ["conversation", "100000001", "--limit", "501"], /--limit/],
  ["an interval of zero", ["watch", "--interval", "0"], /--interval/],
  ["a delivery key with bulk flags", ["replay", "notif_1", "--status", "dead"], /--status is for/],
  ["a delivery key with --no-wait", ["replay", "notif_1", "--no-wait"], /--no-wait is for/],
  ["a replay without key or status", ["replay", "--topic", "ping"], /a delivery key, or --status/],
  ["a replay of applied deliveries", ["replay", "--status", "applied"], /applied.*dead, failed/],
  ["a malformed replay date", ["replay", "--status", "dead", "--since", "now"], /--since .*ISO/],
  [
    "a replay window ending before it starts",
    ["replay", "--status", "dead", "--since", "2026-05-02", "--until", "2026-05-01"],
    /--until must be after since/,
  ],
  ["an unknown command", ["frobnicate"], /unknown command/],
];

describe("the CLI refuses bad input before sending anything", () => {
  for (const [what, args, message] of refused)
    it(`refuses ${what}`, async () => {
      const before = requests;
      const result = await runCli(args, { url });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")[0]).toMatch(/^error:/);
      expect(requests).toBe(before);
    });

  it("answers --help for every command with exit 0", async () => {
    for (const command of [
      "test-connection",
      "sync",
      "sync-conversation",
      "conversation",
      "watch",
      "status",
      "runs",
      "customers",
      "accounts",
      "alerts",
      "deliveries",
      "outbox",
      "replay",
      "retry",
      "writeback",
    ]) {
      const result = await runCli([command, "--help"], { url });
      expect(result.code, command).toBe(0);
      expect(result.stdout).toContain(`npm run cli -- ${command}`);
      expect(result.stdout).toContain("--json");
    }
    expect(requests).toBe(0);
  });

  it("refuses to send the admin key in clear to another machine", async () => {
    for (const remote of ["http://example.com", "http://10.0.0.5:8787", "http://[2001:db8::1]"]) {
      const result = await runCli(["status"], { url: remote });
      expect(result.code, remote).toBe(2);
      expect(result.stderr).toMatch(/must be https unless it is this machine/);
    }
  });

  it("refuses a key whose URL comes from elsewhere", async () => {
    const result = await runCli(["status"], { url: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ADMIN_API_KEY is set without BRIDGE_URL/);
    expect(requests).toBe(0);
  });

  it("prints nothing from the service that a terminal would act on", async () => {
    const hostile = createServer((_req, res) => {
      res.writeHead(400, { "content-type": "application/problem+json" });
      res.end(
        JSON.stringify({
          title: "x",
          detail: "\u001b]0;owned\u0007\u001b[2J\u009b31m\r\u202eevil",
        }),
      );
    });
    await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
    const address = hostile.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const result = await runCli(["runs"], { url: `http://127.0.0.1:${port}` });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("owned");
      expect(result.stderr).toContain("evil");
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
      expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    } finally {
      await new Promise<void>((resolve) => hostile.close(() => resolve()));
    }
  });

  it("prints nothing a terminal would act on from a 2xx answer either, table or --json", async () => {
    const evil = "\u001b]0;owned\u0007\u001b[2J\u009b31m\r\u202eevil";
    const run = {
      run_id: "00000000-0000-4000-8000-000000000001",
      kind: "contacts",
      mode: "full",
      status: "failed",
      range: null,
      hours_back: null,
      pages: 1,
      contacts_synced: 1,
      rate_limited: 0,
      failures: 0,
      duration_seconds: 1,
      last_error: evil,
      started_at: "2026-11-30T09:15:00.000Z",
      [`key${evil}`]: evil,
    };
    const hostile = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: [run], next_cursor: null }));
    });
    await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
    const address = hostile.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      for (const args of [["runs"], ["runs", "--json"]]) {
        const result = await runCli(args, { url: `http://127.0.0.1:${port}` });
        expect(result.code, args.join(" ")).toBe(0);
        expect(result.stdout).toContain(args.includes("--json") ? "evil" : run.run_id);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
        expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      }
    } finally {
      await new Promise<void>((resolve) => hostile.close(() => resolve()));
    }
  });

  it("says in one line on stderr, exit 1, when the service cannot be reached", async () => {
    const result = await runCli(["status"], { url: "http://127.0.0.1:1" });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/could not reach http:\/\/127.0.0.1:1/);
  });
});
