import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WritebackView } from "../../../scripts/cli/writeback.ts";
import { runSyncToEnd } from "../../../scripts/perf/run-sync.ts";
import { CLI_ADMIN_KEY, type CliStack, runCli, startCliStack } from "../../support/cli.ts";
import { eventually } from "../../support/eventually.ts";
import { sandboxCalls } from "../../support/sandbox-http.ts";

/**
 * `writeback` against a running service and its sandbox: a dry run that writes nothing, a real
 * run that writes what it planned, a second one that writes nothing, and a run Intercom would
 * refuse, which ends the command with exit 1 and its reason.
 */
let local: CliStack;
let url = "";
const cli = (...args: string[]) => runCli(args, { url }, 240_000);
const json = <T>(stdout: string) => JSON.parse(stdout) as T;
const { mutate } = sandboxCalls(() => local.sandbox.url);
const runs: Record<"dry" | "real" | "again", WritebackView | undefined> = {
  dry: undefined,
  real: undefined,
  again: undefined,
};

beforeAll(async () => {
  local = await startCliStack();
  url = local.stack.baseUrl;
  await runSyncToEnd(url, CLI_ADMIN_KEY, "contacts", "full");
  await runSyncToEnd(url, CLI_ADMIN_KEY, "companies", "full");
}, 300_000);
afterAll(async () => {
  await local?.stop();
}, 60_000);

const contactAttributes = (id: string) =>
  local.sandbox.workspace().contacts.get(id)?.customAttributes ?? {};
const defined = () =>
  local.sandbox
    .workspace()
    .dataAttributes.filter((a) => a.custom)
    .map((a) => a.name);

describe("writeback against a running service", { timeout: 180_000 }, () => {
  it("--dry-run plans, shows a sample of old -> new values and writes nothing", async () => {
    const result = await cli("writeback", "--dry-run", "--json");
    expect(result.code, result.stderr).toBe(0);
    const run = json<WritebackView>(result.stdout);
    runs.dry = run;
    expect(run).toMatchObject({ status: "succeeded", dry_run: true, contacts_written: 0 });
    expect(run.contacts_planned).toBeGreaterThan(0);
    expect(run.sample.length).toBeGreaterThan(0);
    const [first] = run.sample;
    expect(first?.old.bridge_mrr ?? null).toBeNull();
    expect(typeof first?.new.bridge_mrr).toBe("number");
    expect(run.attributes?.created).toContain("bridge_mrr");
    // Nothing reached Intercom: no attribute made, no contact touched.
    expect(defined()).not.toContain("bridge_mrr");
    expect(contactAttributes(first?.intercom_id ?? "")).not.toHaveProperty("bridge_mrr");

    const shown = await cli("writeback", "show", run.run_id);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`write-back dry run ${run.run_id} (manual): succeeded`);
    expect(shown.stdout).toMatch(/contacts: \d+ would be written/);
    expect(shown.stdout).toContain(`sample: ${run.sample.length} of `);
    expect(shown.stdout).toContain(first?.intercom_id);
    expect(shown.stdout).toContain(`bridge_mrr  - -> ${first?.new.bridge_mrr}`);
  });

  it("a real run follows to the end, writes what the dry run planned, exit 0", async () => {
    const result = await cli("writeback");
    expect(result.code, result.stderr).toBe(0);
    // Not a terminal: the progress is a line on stderr, the summary on stdout.
    expect(result.stderr).toMatch(
      /^write-back: (planning \w+|writing|succeeded), \d+%, contacts \d+\/\d+/m,
    );
    const id = /write-back run ([0-9a-f-]{36}) \(manual\): succeeded/.exec(result.stdout)?.[1];
    expect(id, result.stdout).toBeDefined();
    const shown = await cli("writeback", "show", id ?? "", "--json");
    const run = json<WritebackView>(shown.stdout);
    runs.real = run;
    expect(run.contacts_planned).toBe(runs.dry?.contacts_planned);
    expect(run.contacts_written).toBe(run.contacts_planned);
    expect(run.failures.count).toBe(0);
    expect(defined()).toEqual(expect.arrayContaining(run.attributes?.created ?? ["?"]));
    for (const sample of runs.dry?.sample ?? []) {
      if (sample.model !== "contact") continue;
      expect(contactAttributes(sample.intercom_id)).toMatchObject(sample.new);
    }
  });

  it("a second run writes nothing", async () => {
    const result = await cli("writeback", "--json");
    expect(result.code, result.stderr).toBe(0);
    const run = json<WritebackView>(result.stdout);
    runs.again = run;
    expect(run).toMatchObject({ status: "succeeded", contacts_planned: 0, contacts_written: 0 });
    expect(run.contacts_unchanged).toBe(
      (runs.real?.contacts_planned ?? 0) + (runs.real?.contacts_unchanged ?? 0),
    );
  });

  it("list shows the runs newest first, as JSON and as a table", async () => {
    const listed = await cli("writeback", "list", "--json");
    expect(listed.code, listed.stderr).toBe(0);
    expect(json<WritebackView[]>(listed.stdout).map((r) => r.run_id)).toEqual([
      runs.again?.run_id,
      runs.real?.run_id,
      runs.dry?.run_id,
    ]);
    const two = await cli("writeback", "list", "--limit", "2", "--json");
    expect(json<WritebackView[]>(two.stdout)).toHaveLength(2);
    const table = await cli("writeback", "list");
    expect(table.stdout).toMatch(/created.*id.*kind.*status.*planned.*written/);
    expect(table.stdout).toMatch(new RegExp(`${runs.dry?.run_id}.*dry run.*succeeded`));
  });

  it("--no-wait prints the run id and returns", async () => {
    const result = await cli("writeback", "--dry-run", "--no-wait");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    // Let it finish: the next test's run must not meet it planning (409).
    const id = result.stdout.trim();
    const read = async () => {
      const res = await fetch(`${url}/v1/writeback/${id}`, {
        headers: { authorization: `Bearer ${CLI_ADMIN_KEY}` },
      });
      return (await res.json()) as WritebackView;
    };
    expect((await eventually(read, (r) => r.status === "succeeded")).status).toBe("succeeded");
  });

  it("a run Intercom would refuse fails: exit 1, with its reason", async () => {
    await mutate({
      kind: "data_attribute.update",
      model: "contact",
      name: "bridge_mrr",
      api_writable: false,
    });
    try {
      const result = await cli("writeback");
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/write-back run [0-9a-f-]{36} \(manual\): failed/);
      expect(result.stdout).toContain(
        "error: 'bridge_mrr' cannot be written through Intercom's API",
      );
    } finally {
      await mutate({
        kind: "data_attribute.update",
        model: "contact",
        name: "bridge_mrr",
        api_writable: true,
      });
    }
  });

  it("show of a run that does not exist: exit 1 with the 404", async () => {
    const result = await cli("writeback", "show", crypto.randomUUID());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error: 404 no write-back run/);
  });
});
