import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../scripts/local/migrate.ts";
import { startPostgres } from "../../scripts/local/postgres.ts";
import { startNeonRelay } from "../../scripts/local/relay.ts";
import { startSandbox } from "../../scripts/sandbox/server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    neonWsProxy: string;
    intercomApiBase: string;
    syncSandboxBase: string;
    conversationSandboxBase: string;
  }
}

/**
 * A real Postgres for the run, reached from workerd through the Neon driver's relay, and the
 * Intercom sandbox over real HTTP.
 */
export default async function setup(project: TestProject) {
  const folder = await mkdtemp(join(tmpdir(), "intercom-bridge-test-"));
  const postgres = await startPostgres({ dataDir: join(folder, "data"), temporary: true });
  await applyMigrations(postgres.url);
  const relay = await startNeonRelay(postgres);
  project.provide("databaseUrl", postgres.url);
  project.provide("neonWsProxy", relay.wsProxy);
  const sandbox = await startSandbox({ seed: 5, sizes: { contacts: 300, conversations: 30 } });
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
  return async () => {
    await sandbox.stop();
    await syncSandbox.stop();
    await conversationSandbox.stop();
    await relay.close();
    await postgres.destroy();
    await rm(folder, { recursive: true, force: true });
  };
}
