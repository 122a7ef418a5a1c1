import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { trackFolder } from "../../scripts/dev/leftovers.ts";
import { applyMigrations } from "../../scripts/dev/migrations.ts";
import { startPostgres } from "../../scripts/dev/postgres.ts";
import { startNeonRelay } from "../../scripts/dev/relay.ts";
import { startSandbox } from "../../scripts/sandbox/server.ts";
import { type CaptureFolder, readCaptureFolder } from "./reference-captures.ts";
import { startReplayIntercom } from "./replay-intercom.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    neonWsProxy: string;
    intercomApiBase: string;
    syncSandboxBase: string;
    companySandboxBase: string;
    conversationSandboxBase: string;
    scaleSandboxBase: string;
    chainSandboxBase: string;
    thresholdSandboxBase: string;
    /** Answers recorded Intercom bodies per scenario (test/support/replay-intercom.ts). */
    replayIntercomBase: string;
    referenceWebhooks: CaptureFolder;
    referenceRest: CaptureFolder;
    raceSandboxBase: string;
    gateSandboxBase: string;
    writebackSandboxBase: string;
    partsSandboxBase: string;
    guardContactsSandboxBase: string;
    guardConversationsSandboxBase: string;
  }
}

/**
 * A real Postgres for the run, reached from workerd through the Neon driver's relay, and the
 * Intercom sandbox over real HTTP.
 */
export default async function setup(project: TestProject) {
  // The docs UI's files in the Worker's static assets (wrangler.toml [assets]): `npm ci` makes
  // them, but a run after deleting dist/ would otherwise fail with bare 404s.
  execFileSync(process.execPath, [
    join(import.meta.dirname, "..", "..", "scripts", "dev", "docs-assets.mjs"),
  ]);
  const folder = await mkdtemp(join(tmpdir(), "intercom-bridge-test-"));
  // If the run is killed, the guardian removes it (scripts/dev/leftovers.ts).
  trackFolder(folder);
  const postgres = await startPostgres({ dataDir: join(folder, "data"), temporary: true });
  await applyMigrations(postgres.url);
  const relay = await startNeonRelay(postgres);
  project.provide("databaseUrl", postgres.url);
  project.provide("neonWsProxy", relay.wsProxy);
  // The workspace the tests' default settings name (INTERCOM_WORKSPACE_ID unset).
  const sandbox = await startSandbox({
    seed: 5,
    sizes: { contacts: 300, conversations: 30 },
    appId: "default",
  });
  project.provide("intercomApiBase", sandbox.url);
  // The contact sync tests get a workspace of their own, which they change freely.
  const syncSandbox = await startSandbox({
    seed: 8,
    sizes: { contacts: 400, leads: 20, conversations: 10 },
  });
  project.provide("syncSandboxBase", syncSandbox.url);
  // And the conversation sync tests theirs: conversation 100000007 has more than 500 parts.
  const conversationSandbox = await startSandbox({
    seed: 13,
    sizes: { contacts: 150, leads: 0, conversations: 420, partsPerConversation: 4 },
  });
  project.provide("conversationSandboxBase", conversationSandbox.url);
  // Repeated full runs above the size thresholds the sync branches on (test/worker/scale-*):
  // over 1,000 rows (quantile cuts) and 2,000 customers (support fill batches). Rate limit
  // raised: a first conversation run fetches 1,000+ conversations' parts.
  const scaleSandbox = await startSandbox({
    seed: 21,
    sizes: { contacts: 2_250, leads: 30, conversations: 1_010, partsPerConversation: 1 },
    knobs: { rateLimitPerMinute: 1_000_000 },
  });
  project.provide("scaleSandboxBase", scaleSandbox.url);
  // More than 25 pages of 150 contacts (3,750) in one chain: one step does at most 25.
  const chainSandbox = await startSandbox({
    seed: 23,
    sizes: { contacts: 3_760, leads: 0, conversations: 0 },
    knobs: { rateLimitPerMinute: 1_000_000 },
  });
  project.provide("chainSandboxBase", chainSandbox.url);
  // And one at the quantile threshold: 999 contacts (one below it).
  const thresholdSandbox = await startSandbox({
    seed: 22,
    sizes: { contacts: 999, leads: 0, conversations: 40, partsPerConversation: 1 },
    knobs: { rateLimitPerMinute: 1_000_000 },
  });
  project.provide("thresholdSandboxBase", thresholdSandbox.url);
  // Companies past the thresholds the company run branches on: more than 25 scroll pages of 100
  // (one message reads 25) and 1,000 accounts (one derivation statement), a few % of people
  // in more than 10 companies. The scroll expires after 2 s unused, not a minute.
  const companySandbox = await startSandbox({
    seed: 31,
    sizes: {
      contacts: 1_200,
      leads: 40,
      conversations: 30,
      partsPerConversation: 1,
      companies: 2_560,
    },
    knobs: { rateLimitPerMinute: 1_000_000, scrollExpirySeconds: 2 },
  });
  project.provide("companySandboxBase", companySandbox.url);
  const replay = await startReplayIntercom();
  project.provide("replayIntercomBase", replay.url);
  project.provide("referenceWebhooks", await readCaptureFolder("intercom-webhook-payloads"));
  project.provide("referenceRest", await readCaptureFolder("intercom-rest-responses"));
  // Outbox consumers racing for the same rows: slowed down with its latency knob, which would
  // slow every other test on a shared sandbox.
  const raceSandbox = await startSandbox({ seed: 29, sizes: { contacts: 20, conversations: 0 } });
  project.provide("raceSandboxBase", raceSandbox.url);
  // The rate-limit gate's tests turn on 5xx and lower the rate limit: on a shared sandbox that
  // would fail or slow every other test.
  const gateSandbox = await startSandbox({ seed: 31, sizes: { contacts: 20, conversations: 0 } });
  project.provide("gateSandboxBase", gateSandbox.url);
  // Part jobs' budgets (test/worker/sync/conversation-part-budgets.test.ts): conversations of the
  // tests' own making, and a latency knob no other test would want.
  const partsSandbox = await startSandbox({
    seed: 37,
    sizes: { contacts: 3, leads: 0, conversations: 0 },
    knobs: { rateLimitPerMinute: 1_000_000 },
  });
  project.provide("partsSandboxBase", partsSandbox.url);
  // The page guard's tests (test/worker/sync/page-guard-*) turn on paging faults that would
  // stop every other test's runs: a sandbox for each kind, so the two files run side by side.
  const guardContacts = await startSandbox({
    seed: 41,
    sizes: { contacts: 600, leads: 0, conversations: 0 },
    knobs: { rateLimitPerMinute: 1_000_000 },
  });
  project.provide("guardContactsSandboxBase", guardContacts.url);
  const guardConversations = await startSandbox({
    seed: 43,
    sizes: { contacts: 30, leads: 0, conversations: 300, partsPerConversation: 2 },
    knobs: { rateLimitPerMinute: 1_000_000 },
  });
  project.provide("guardConversationsSandboxBase", guardConversations.url);
  // Write-back runs write our attributes onto its contacts and companies (moving their
  // updated_at): on a shared sandbox that would change what other tests' syncs read.
  const writebackSandbox = await startSandbox({
    seed: 53,
    sizes: { contacts: 300, leads: 30, conversations: 40, partsPerConversation: 1, companies: 40 },
    knobs: { rateLimitPerMinute: 1_000_000 },
  });
  project.provide("writebackSandboxBase", writebackSandbox.url);
  return async () => {
    await writebackSandbox.stop();
    await replay.stop();
    await sandbox.stop();
    await syncSandbox.stop();
    await conversationSandbox.stop();
    await scaleSandbox.stop();
    await chainSandbox.stop();
    await thresholdSandbox.stop();
    await companySandbox.stop();
    await raceSandbox.stop();
    await gateSandbox.stop();
    await partsSandbox.stop();
    await guardContacts.stop();
    await guardConversations.stop();
    await relay.close();
    await postgres.destroy();
    await rm(folder, { recursive: true, force: true });
  };
}
