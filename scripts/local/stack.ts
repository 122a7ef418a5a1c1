import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { applyMigrations } from "./migrate.ts";
import { startPostgres } from "./postgres.ts";
import { startNeonRelay } from "./relay.ts";

export const ROOT = join(import.meta.dirname, "..", "..");

export interface StackOptions {
  port: number;
  /** Where the embedded Postgres keeps its data; unused when vars.DATABASE_URL is set. */
  dataDir: string;
  vars: Record<string, string>;
  /** "inherit" shows wrangler's output; "ignore" keeps a benchmark's output clean. */
  wranglerOutput: "inherit" | "ignore";
  /** Extra `wrangler dev` flags, e.g. `--log-level warn` for benchmarks. */
  wranglerArgs?: string[];
  onUnexpectedExit?: (code: number | null) => void;
}

export interface LocalStack {
  baseUrl: string;
  vars: Record<string, string>;
  database: string;
  /** Statements the Worker ran through the local relay (null when it talks to Neon). */
  statements(): number | null;
  stop(): Promise<void>;
}

/**
 * Postgres (embedded unless DATABASE_URL is given), migrations, the Neon relay, and
 * `wrangler dev`; used by `npm start` and the benchmarks. Stops what it started on failure.
 */
export async function startLocalStack(options: StackOptions): Promise<LocalStack> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const vars = { ...options.vars };
  let wrangler: ChildProcess | undefined;
  let stopping = false;
  const stop = async () => {
    stopping = true;
    if (wrangler?.pid && wrangler.exitCode === null) {
      const exited = new Promise((resolve) => wrangler?.once("exit", resolve));
      process.kill(-wrangler.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
  };
  try {
    let database: string;
    let statements = (): number | null => null;
    if (vars.DATABASE_URL) database = "DATABASE_URL as configured";
    else {
      const postgres = await startPostgres({ dataDir: options.dataDir });
      cleanups.push(() => postgres.stop());
      vars.DATABASE_URL = postgres.url;
      database = `embedded Postgres 127.0.0.1:${postgres.port} (data in ${options.dataDir})`;
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
    const args = ["dev", "--ip", "127.0.0.1", "--port", String(options.port), "--test-scheduled"];
    args.push(...(options.wranglerArgs ?? []));
    for (const [key, value] of Object.entries(vars)) args.push("--var", `${key}:${value}`);
    wrangler = spawn(join(ROOT, "node_modules", ".bin", "wrangler"), args, {
      cwd: ROOT,
      stdio: options.wranglerOutput,
      detached: true,
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
    });
    wrangler.on("exit", (code) => {
      if (!stopping) options.onUnexpectedExit?.(code);
    });
    const baseUrl = `http://127.0.0.1:${options.port}`;
    await waitForHealth(baseUrl);
    return { baseUrl, vars, database, statements: () => statements(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHealth(baseUrl: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${baseUrl}/health`).then(
      (res) => res.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the Worker did not answer ${baseUrl}/health within 60 s`);
}
