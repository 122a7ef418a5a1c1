import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../scripts/dev/free-port.ts";
import { trackFolder } from "../../scripts/dev/leftovers.ts";
import { type LocalStack, ROOT, startLocalStack } from "../../scripts/dev/stack.ts";
import { type Sandbox, startSandbox } from "../../scripts/sandbox/server.ts";

export const CLI_ADMIN_KEY = "cli-test-admin-key";
const CLI = join(ROOT, "scripts", "cli", "main.ts");

export interface CliStack {
  stack: LocalStack;
  sandbox: Sandbox;
  stop(): Promise<void>;
}

/** The local stack as `npm start` runs it (scripts/dev/stack.ts), with a sandbox of its own. */
export async function startCliStack(): Promise<CliStack> {
  const sandbox = await startSandbox({
    seed: 31,
    sizes: { contacts: 320, leads: 10, conversations: 12, partsPerConversation: 2 },
    // The workspace the stack syncs under (INTERCOM_WORKSPACE_ID unset): the token's own.
    appId: "default",
  });
  const folder = await mkdtemp(join(tmpdir(), "intercom-bridge-cli-test-"));
  trackFolder(folder);
  try {
    const stack = await startLocalStack({
      port: await freePort(),
      dataDir: join(folder, "postgres"),
      temporaryData: true,
      vars: {
        INTERCOM_CLIENT_SECRET: "cli-test-secret",
        ADMIN_API_KEY: CLI_ADMIN_KEY,
        INTERCOM_ACCESS_TOKEN: "local-intercom-token",
        INTERCOM_API_BASE: sandbox.url,
        LOG_LEVEL: "warn",
      },
      wranglerOutput: "ignore",
      wranglerArgs: ["--log-level", "warn"],
    });
    return {
      stack,
      sandbox,
      async stop() {
        await stack.stop();
        await sandbox.stop();
        await rm(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await sandbox.stop();
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run cli -- ...args` as its own process, as a person or a script would.
 * `interruptWhen` sends Ctrl-C (SIGINT) once stdout satisfies it.
 */
export function runCli(
  args: string[],
  target: { url: string; key?: string },
  timeoutMs = 60_000,
  interruptWhen?: (stdout: string) => boolean,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        BRIDGE_URL: target.url,
        ADMIN_API_KEY: target.key ?? CLI_ADMIN_KEY,
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let interrupted = false;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (!interrupted && interruptWhen?.(stdout)) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
