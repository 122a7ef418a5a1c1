import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../dev/free-port.ts";
import { trackFolder, untrackFolder } from "../dev/leftovers.ts";
import { applyMigrations } from "../dev/migrations.ts";
import { startPostgres } from "../dev/postgres.ts";
import { type LocalStack, type StackOptions, startLocalStack, sweep } from "../dev/stack.ts";
import { type Sandbox, type SandboxOptions, startSandbox } from "../sandbox/server.ts";
import { ReconnectingDb } from "./db.ts";

/** The sandbox's token unless its options name another (scripts/sandbox/server.ts). */
export const SANDBOX_TOKEN = "local-intercom-token";

export interface BenchStackOptions {
  /** Names the temporary folder and the line printed on Ctrl-C: "bench-sync", "soak". */
  name: string;
  adminKey?: string;
  clientSecret?: string;
  /** A sandbox of its own, which the Worker then syncs from and writes to, as one workspace. */
  sandbox?: SandboxOptions;
  /** More Worker settings; they win over the ones set here. */
  vars?: Record<string, string>;
  /**
   * wrangler's and the Worker's output: "quiet" (nothing, the Worker at warn: per-request log
   * lines cost CPU on the cores the load runs on), "shown" (on this terminal, at info), or a
   * function that gets each line. Default: "shown" when BENCH_VERBOSE is set.
   */
  output?: "quiet" | "shown" | Exclude<StackOptions["wranglerOutput"], string>;
  /** More `wrangler dev` flags, given the temporary folder (the soak bundles the Worker there). */
  wranglerArgs?: (folder: string) => string[] | Promise<string[]>;
  onUnexpectedExit?: StackOptions["onUnexpectedExit"];
}

export interface BenchStack<S extends Sandbox | undefined = Sandbox | undefined> {
  /** The Worker under `wrangler dev`, its settings (DATABASE_URL included) and processes. */
  stack: LocalStack;
  sandbox: S;
  baseUrl: string;
  adminKey: string;
  clientSecret: string;
  /** The stack's Postgres, for the harness's own reads; it survives Postgres restarts. */
  db: ReconnectingDb;
  /** Removed on stop, and by the guardian if the script is killed (scripts/dev/leftovers.ts). */
  folder: string;
  /** Fires the minute cron, as `npm start` does on schedule; false when the Worker is down. */
  sweep(timeoutMs?: number): Promise<boolean>;
  /** Fires it every minute until the returned function is called. */
  sweepEveryMinute(): () => void;
  /** Stops everything it started and removes the folder; safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * What every benchmark and the soak stand on: a temporary folder, optionally a sandbox, a
 * throwaway Postgres with the migrations, the relay and `wrangler dev` on a free port, all
 * stopped by `stop()` or Ctrl-C (SIGINT, SIGTERM: exit 130), and by the guardian if the
 * script is killed outright.
 */
export function benchStack(
  options: BenchStackOptions & { sandbox: SandboxOptions },
): Promise<BenchStack<Sandbox>>;
export function benchStack(options: BenchStackOptions): Promise<BenchStack>;
export async function benchStack(options: BenchStackOptions): Promise<BenchStack> {
  const adminKey = options.adminKey ?? "bench-admin-key";
  const clientSecret = options.clientSecret ?? "bench-client-secret";
  const output = options.output ?? (process.env.BENCH_VERBOSE ? "shown" : "quiet");
  const scratch = await scratchFolder(options.name);
  let sandbox: Sandbox | undefined;
  let stack: LocalStack | undefined;
  let db: ReconnectingDb | undefined;
  const stop = scratch.onStop(async () => {
    await db?.close().catch(() => {});
    await stack?.stop().catch((error: unknown) => {
      console.error(`${options.name}: stopping the stack: ${String(error)}`);
    });
    await sandbox?.stop().catch(() => {});
  });
  try {
    if (options.sandbox) sandbox = await startSandbox(options.sandbox);
    const intercom: Record<string, string> = sandbox
      ? {
          INTERCOM_ACCESS_TOKEN: options.sandbox?.token ?? SANDBOX_TOKEN,
          INTERCOM_API_BASE: sandbox.url,
          // The app_id its webhooks carry: syncs and outbox rows must be of the same workspace.
          INTERCOM_WORKSPACE_ID: sandbox.workspace().appId,
        }
      : {};
    stack = await startLocalStack({
      port: await freePort(),
      dataDir: join(scratch.folder, "postgres"),
      temporaryData: true,
      vars: {
        INTERCOM_CLIENT_SECRET: clientSecret,
        ADMIN_API_KEY: adminKey,
        ...intercom,
        LOG_LEVEL: output === "quiet" ? "warn" : "info",
        ...options.vars,
      },
      wranglerOutput:
        typeof output === "function" ? output : output === "shown" ? "inherit" : "ignore",
      wranglerArgs: [
        ...((await options.wranglerArgs?.(scratch.folder)) ?? []),
        ...(output === "quiet" ? ["--log-level", "warn"] : []),
      ],
      ...(options.onUnexpectedExit ? { onUnexpectedExit: options.onUnexpectedExit } : {}),
    });
    db = new ReconnectingDb(stack.vars.DATABASE_URL ?? "");
  } catch (error) {
    await stop();
    throw error;
  }
  const baseUrl = stack.baseUrl;
  return {
    stack,
    sandbox,
    baseUrl,
    adminKey,
    clientSecret,
    db,
    folder: scratch.folder,
    sweep: (timeoutMs) => sweep(baseUrl, timeoutMs),
    sweepEveryMinute() {
      const timer = setInterval(() => void sweep(baseUrl), 60_000);
      return () => clearInterval(timer);
    },
    stop,
  };
}

/**
 * Only the database, for what runs our code in Node against Postgres (bench:erasure): a
 * throwaway cluster with the migrations, stopped as benchStack's is.
 */
export async function benchDatabase(name: string): Promise<{ url: string; stop(): Promise<void> }> {
  const scratch = await scratchFolder(name);
  let destroy = async () => {};
  const stop = scratch.onStop(() => destroy());
  try {
    const postgres = await startPostgres({
      dataDir: join(scratch.folder, "data"),
      temporary: true,
    });
    destroy = () => postgres.destroy();
    await applyMigrations(postgres.url);
    return { url: postgres.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A temporary folder recorded for the guardian, and the one way to stop: `stop` runs the
 * given teardown once, then removes the folder; SIGINT or SIGTERM do the same and exit 130.
 */
async function scratchFolder(name: string) {
  const folder = await mkdtemp(join(tmpdir(), `intercom-bridge-${name}-`));
  trackFolder(folder);
  return {
    folder,
    onStop(teardown: () => Promise<void>) {
      let stopping: Promise<void> | undefined;
      const stop = () => {
        stopping ??= (async () => {
          for (const signal of SIGNALS) process.off(signal, interrupted);
          await teardown();
          await rm(folder, { recursive: true, force: true });
          untrackFolder(folder);
        })();
        return stopping;
      };
      const interrupted = (signal: NodeJS.Signals) => {
        console.error(`\n${name}: ${signal}, stopping everything it started`);
        void stop().finally(() => process.exit(130));
      };
      for (const signal of SIGNALS) process.once(signal, interrupted);
      return stop;
    },
  };
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;
