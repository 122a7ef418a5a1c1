import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { track, untrack } from "./leftovers.ts";
import { applyMigrations } from "./migrations.ts";
import { type LocalPostgres, startPostgres } from "./postgres.ts";
import { groupMembers, killProcess, type ProcessRef, refOf, stopProcess } from "./processes.ts";
import { startNeonRelay } from "./relay.ts";

export const ROOT = join(import.meta.dirname, "..", "..");

export interface StackOptions {
  port: number;
  /** Where the embedded Postgres keeps its data; unused when vars.DATABASE_URL is set. */
  dataDir: string;
  /** A benchmark's or test's throwaway cluster: removed when the stack stops. */
  temporaryData?: boolean;
  vars: Record<string, string>;
  /**
   * "inherit" shows wrangler's output; "ignore" keeps a benchmark's output clean; a function
   * receives each line of it (stdout and stderr), e.g. the Worker's log lines.
   */
  wranglerOutput: "inherit" | "ignore" | ((line: string) => void);
  /** Extra `wrangler dev` flags, e.g. `--log-level warn` for benchmarks. */
  wranglerArgs?: string[];
  onUnexpectedExit?: (code: number | null) => void;
}

export interface LocalWorker {
  /** wrangler dev and every process of its group (workerd, esbuild). */
  pids(): number[];
  /** SIGKILL of wrangler dev and its workerd, as a crash would; resolves once they are gone. */
  kill(): Promise<void>;
  /** wrangler dev again with the same settings; resolves once it answers /health. */
  start(): Promise<void>;
}

export interface LocalStack {
  baseUrl: string;
  vars: Record<string, string>;
  database: string;
  /** The embedded Postgres (absent when DATABASE_URL was given). */
  postgres?: LocalPostgres;
  worker: LocalWorker;
  /** Statements the Worker ran through the local relay (null when it talks to Neon). */
  statements(): number | null;
  stop(): Promise<void>;
}

/** The minute cron's sweep: resumes work that the previous Worker process had queued. */
export const SWEEP_CRON = "* * * * *";

/**
 * Fires the minute cron as its schedule would (`wrangler dev --test-scheduled`); resolves once
 * the Worker has run it, false when it did not answer 2xx or in time.
 */
export function sweep(baseUrl: string, timeoutMs?: number): Promise<boolean> {
  const signal = timeoutMs === undefined ? null : AbortSignal.timeout(timeoutMs);
  return fetch(`${baseUrl}/__scheduled?cron=${encodeURIComponent(SWEEP_CRON)}`, { signal }).then(
    async (res) => {
      await res.body?.cancel();
      return res.ok;
    },
    () => false,
  );
}

/**
 * Postgres (embedded unless DATABASE_URL is given), migrations, the Neon relay, and
 * `wrangler dev`; used by `npm start`, the tests, and the benchmarks and the soak through
 * benchStack (scripts/perf/stack.ts). Every process it starts is recorded
 * (scripts/dev/leftovers.ts), so none outlives the script, however it ends.
 */
export async function startLocalStack(options: StackOptions): Promise<LocalStack> {
  const cleanups: Array<() => Promise<void> | void> = [];
  // Whatever it talks to, a stack on this machine is a local run (src/config/production.ts).
  const vars: Record<string, string> = { ENVIRONMENT: "local", ...options.vars };
  const baseUrl = `http://127.0.0.1:${options.port}`;
  let wrangler: { child: ChildProcess; ref: ProcessRef } | undefined;
  let stopping = false;

  const stopWorker = async (how: (ref: ProcessRef) => Promise<void>) => {
    const running = wrangler;
    wrangler = undefined;
    if (!running) return;
    await how(running.ref);
    untrack(running.ref.pid);
  };
  const startWorker = async () => {
    // Locally the queues live in workerd's memory: what was queued before now is gone.
    const runVars = { ...vars, LOCAL_QUEUES_STARTED_AT: String(Date.now()) };
    const args = ["dev", "--ip", "127.0.0.1", "--port", String(options.port), "--test-scheduled"];
    args.push(...(options.wranglerArgs ?? []));
    for (const [key, value] of Object.entries(runVars)) args.push("--var", `${key}:${value}`);
    const output = options.wranglerOutput;
    const child = spawn(join(ROOT, "node_modules", ".bin", "wrangler"), args, {
      cwd: ROOT,
      stdio: typeof output === "function" ? ["ignore", "pipe", "pipe"] : output,
      detached: true,
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
    });
    if (!child.pid) throw new Error("could not start wrangler dev");
    if (typeof output === "function")
      for (const stream of [child.stdout, child.stderr])
        if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on("line", output);
    const ref = refOf(child.pid, "wrangler dev", { group: true });
    track(ref);
    wrangler = { child, ref };
    child.on("exit", (code) => {
      if (wrangler?.child !== child) return;
      untrack(ref.pid);
      wrangler = undefined;
      if (!stopping) options.onUnexpectedExit?.(code);
    });
    await waitForHealth(baseUrl, child);
    await sweep(baseUrl);
  };

  const stop = async () => {
    stopping = true;
    await stopWorker((ref) => stopProcess(ref, 5000));
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
  };
  try {
    let database: string;
    let postgres: LocalPostgres | undefined;
    let statements = (): number | null => null;
    if (vars.DATABASE_URL) database = "DATABASE_URL as configured";
    else {
      const started = await startPostgres({
        dataDir: options.dataDir,
        temporary: options.temporaryData ?? false,
      });
      postgres = started;
      cleanups.push(() => started.destroy());
      vars.DATABASE_URL = started.url;
      database = `embedded Postgres 127.0.0.1:${started.port} (data in ${started.dataDir})`;
    }
    await applyMigrations(vars.DATABASE_URL);
    // Neon answers the driver's WebSocket itself; any other Postgres needs the local relay.
    const target = new URL(vars.DATABASE_URL);
    if (!vars.NEON_WS_PROXY && !target.hostname.endsWith(".neon.tech")) {
      const relay = await startNeonRelay({
        host: target.hostname === "localhost" ? "127.0.0.1" : target.hostname,
        port: Number(target.port || 5432),
      });
      cleanups.push(() => relay.close());
      vars.NEON_WS_PROXY = relay.wsProxy;
      statements = relay.statements;
    }
    await startWorker();
    const worker: LocalWorker = {
      pids: () => (wrangler ? groupMembers(wrangler.ref.pid) : []),
      kill: () => stopWorker(killProcess),
      start: startWorker,
    };
    return { baseUrl, vars, database, postgres, worker, statements: () => statements(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHealth(baseUrl: string, child: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode})`);
    const ok = await fetch(`${baseUrl}/health`).then(
      (res) => res.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the Worker did not answer ${baseUrl}/health within 60 s`);
}
