import { join } from "node:path";
import { DEFAULT_WORKSPACE_ID } from "../../src/config/production.ts";
import { type Sandbox, startSandbox } from "../sandbox/server.ts";
import { cronsFromWranglerToml, fireCronsOnSchedule } from "./crons.ts";
import { readDevVars } from "./dev-vars.ts";
import { portInUse } from "./free-port.ts";
import { reapLeftovers, recordAs, runningOwner } from "./leftovers.ts";
import { type LocalStack, ROOT, startLocalStack } from "./stack.ts";

/**
 * `npm start`: the service on embedded defaults. Postgres (data kept in .local/postgres), the
 * migrations, the Neon WebSocket relay, and `wrangler dev` on 127.0.0.1:8787 with crons fired
 * on schedule. A `.dev.vars` (or the environment) overrides any default, including
 * DATABASE_URL to use Neon or another Postgres instead of the embedded one.
 */
const PORT = Number(process.env.PORT ?? 8787);
const log = (line: string) => console.log(`[start] ${line}`);

const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 8790);
const LOCAL_DEFAULTS: Record<string, string> = {
  INTERCOM_CLIENT_SECRET: "local-client-secret",
  ADMIN_API_KEY: "local-admin-key",
  INTERCOM_ACCESS_TOKEN: "local-intercom-token",
  INTERCOM_API_BASE: `http://127.0.0.1:${SANDBOX_PORT}`,
  INTERCOM_MESSENGER_SECRET: "local-messenger-secret",
  ALLOWED_ORIGINS: "http://localhost:5173",
  LOG_LEVEL: "info",
  BENCH_ROUTES: "1",
  ENVIRONMENT: "local",
};
const SECRETS = new Set([
  "INTERCOM_CLIENT_SECRET",
  "ADMIN_API_KEY",
  "INTERCOM_ACCESS_TOKEN",
  "INTERCOM_MESSENGER_SECRET",
  "DATABASE_URL",
]);

// One `npm start` per checkout: the embedded Postgres data folder cannot be shared by two.
recordAs("npm start");
const other = runningOwner("npm start");
if (other) {
  console.error(`npm start is already running in this checkout (pid ${other.pid}).`);
  console.error("Use that one, or stop it with Ctrl-C in its terminal first.");
  process.exit(1);
}
// An earlier run that was killed (closed terminal, OOM kill, kill -9) may have left its
// Worker or Postgres running: stopped now, found by what that run recorded.
const reaped = await reapLeftovers();
if (reaped.length > 0) log(`stopped what an earlier run left behind: ${reaped.join(", ")}`);
if (await portInUse(PORT)) {
  console.error(
    `Port ${PORT} is taken by a program this checkout did not start; free it or run with PORT=<n>.`,
  );
  process.exit(1);
}

let stack: LocalStack | undefined;
let sandbox: Sandbox | undefined;
let stopCrons = () => {};
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  stopCrons();
  await stack?.stop();
  await sandbox?.stop();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
  process.on(signal, () => void stop(0));
process.on("uncaughtException", (error) => {
  console.error("[start] failed:", error.message);
  void stop(1);
});

try {
  const devVars = readDevVars(join(ROOT, ".dev.vars"));
  const fromEnv = Object.fromEntries(
    ["DATABASE_URL", "NEON_WS_PROXY"].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])),
  );
  const vars = { ...LOCAL_DEFAULTS, ...devVars, ...fromEnv };
  // Real Intercom credentials in .dev.vars replace the sandbox.
  if (!devVars.INTERCOM_ACCESS_TOKEN) {
    if (await portInUse(SANDBOX_PORT)) {
      throw new Error(`port ${SANDBOX_PORT} (sandbox) is taken; set SANDBOX_PORT=<n>`);
    }
    sandbox = await startSandbox({
      port: SANDBOX_PORT,
      token: LOCAL_DEFAULTS.INTERCOM_ACCESS_TOKEN,
      seed: 1,
      sizes: { contacts: 3000, leads: 500, conversations: 2000, companies: 600 },
      // The workspace syncs write under: its webhooks and its token must name the same one.
      appId: vars.INTERCOM_WORKSPACE_ID ?? DEFAULT_WORKSPACE_ID,
      webhooks: {
        url: `http://127.0.0.1:${PORT}/webhooks/intercom`,
        secret: (vars.INTERCOM_CLIENT_SECRET ?? "").split(",")[0] ?? "",
      },
    });
    vars.INTERCOM_API_BASE = sandbox.url;
  }
  stack = await startLocalStack({
    port: PORT,
    dataDir: join(ROOT, ".local", "postgres"),
    vars,
    wranglerOutput: "inherit",
    onUnexpectedExit: (code) => {
      log(`wrangler dev exited (${code}); stopping`);
      void stop(code ?? 1);
    },
  });
  const crons = cronsFromWranglerToml(join(ROOT, "wrangler.toml"));
  stopCrons = fireCronsOnSchedule(stack.baseUrl, crons, log);
  printBanner(stack, crons, Object.keys(devVars), sandbox);
  // A first full sync of each kind on a new database, so customers, support metrics and
  // alerts show up without waiting for the cron; after a restart the crons carry on. They run
  // side by side; a contact run fills the support columns of the customers it creates, and
  // the accounts are derived again when each run ends.
  const admin = { authorization: `Bearer ${stack.vars.ADMIN_API_KEY ?? ""}` };
  const earlier = await fetch(`${stack.baseUrl}/v1/sync/runs?limit=100`, { headers: admin })
    .then((res) => res.json() as Promise<{ data?: Array<{ kind?: string }> }>)
    .then((body) => new Set((body.data ?? []).map((run) => run.kind ?? "contacts")))
    .catch(() => new Set<string>());
  for (const kind of ["contacts", "conversations", "companies"].filter((k) => !earlier.has(k)))
    fetch(`${stack.baseUrl}/v1/sync/${kind}`, {
      method: "POST",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify({ mode: "full" }),
    })
      .then(async (res) => log(`first ${kind} sync: ${res.status} ${await res.text()}`))
      .catch((error: unknown) => log(`first ${kind} sync not started: ${String(error)}`));
} catch (error) {
  console.error("[start] failed:", error instanceof Error ? error.message : error);
  await stop(1);
}

function printBanner(
  running: LocalStack,
  crons: string[],
  fromDevVars: string[],
  intercom: Sandbox | undefined,
) {
  const shown = (key: string) =>
    fromDevVars.includes(key) && SECRETS.has(key) ? "(from .dev.vars, hidden)" : running.vars[key];
  const url = running.baseUrl;
  console.log(
    [
      "",
      "intercom-bridge is running",
      `  Worker      ${url}  (Intercom webhooks: POST ${url}/webhooks/intercom)`,
      `  Database    ${running.database}`,
      `  Intercom    ${intercom ? `sandbox ${intercom.url} (seeded demo workspace; control: ${intercom.url}/__sandbox/knobs)` : `${running.vars.INTERCOM_API_BASE} (from .dev.vars)`}`,
      `  Crons       ${crons.join(", ") || "none"} (fired on schedule via /__scheduled)`,
      `  Settings    (defaults; .dev.vars overrides: ${fromDevVars.join(", ") || "none"})`,
      ...Object.keys(running.vars).map((key) => `    ${key.padEnd(27)}${shown(key)}`),
      "",
      "  Try: npm run webhook -- contact.user.created",
      `       curl -H 'authorization: Bearer ${shown("ADMIN_API_KEY")}' '${url}/v1/customers?high_value=true'`,
      `       curl -H 'authorization: Bearer ${shown("ADMIN_API_KEY")}' ${url}/v1/sync/runs`,
      `       curl -H 'authorization: Bearer ${shown("ADMIN_API_KEY")}' ${url}/v1/webhooks/deliveries`,
      "  Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );
}
