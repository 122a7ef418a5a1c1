import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "../../dev/free-port.ts";
import { trackFolder } from "../../dev/leftovers.ts";
import { type LocalStack, startLocalStack } from "../../dev/stack.ts";
import { prng } from "../../sandbox/prng.ts";
import { type Sandbox, startSandbox } from "../../sandbox/server.ts";
import { Courier } from "./courier.ts";
import { ReconnectingDb } from "./db.ts";
import { BACKGROUND_LOST_REPLIES, noFaults } from "./faults.ts";
import { type Lifetime, playRound } from "./lifetime.ts";
import { PROFILES } from "./profile.ts";
import { printFigures } from "./report.ts";
import { scheduleFor } from "./schedule.ts";
import { Service } from "./service.ts";
import { snapshotWorker } from "./snapshot.ts";
import { settleAndCheck } from "./verdict.ts";
import { OutboxWrites } from "./writes.ts";

/**
 * `npm run soak [-- --quick] [-- --seed N]`: the real local stack through a compressed
 * production lifetime (README "Soak"), then a row-for-row check against the sandbox.
 */
const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    quick: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    /** Bundle this commit instead of the working tree (a checkout others are editing). */
    from: { type: "string" },
    "diff-limit": { type: "string", default: "10" },
  },
});
const seed =
  values.seed === undefined ? Math.floor(Math.random() * 1_000_000) : Number(values.seed);
if (!Number.isInteger(seed) || seed < 0)
  throw new Error(`--seed must be a whole number: ${values.seed}`);
const profile = PROFILES[values.quick ? "quick" : "full"];
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s`;
const log = (line: string) => console.log(`[${elapsed()}] ${line}`);
const ADMIN = "soak-admin-key";
const SECRET = "soak-client-secret";
const TOKEN = "local-intercom-token";
const DAY = 86_400;

console.log(
  `soak: seed ${seed}, profile ${profile.name} (replay: npm run soak --${values.quick ? " --quick" : ""} --seed ${seed})`,
);
const folder = await mkdtemp(join(tmpdir(), "intercom-bridge-soak-"));
// Removed by the guardian too if this script is killed (scripts/dev/leftovers.ts).
trackFolder(folder);
let sandbox: Sandbox | undefined;
let stack: LocalStack | undefined;
let db: ReconnectingDb | undefined;
let cleaning: Promise<void> | undefined;
const cleanup = () => {
  cleaning ??= (async () => {
    await db?.close().catch(() => {});
    await stack
      ?.stop()
      .catch((error: unknown) => console.error(`stopping the stack: ${String(error)}`));
    await sandbox?.stop().catch(() => {});
    await rm(folder, { recursive: true, force: true });
  })();
  return cleaning;
};
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    console.error(`\nsoak: ${signal}, stopping everything it started`);
    void cleanup().finally(() => process.exit(130));
  });

let exitCode = 1;
let unexpectedExits = 0;
try {
  const random = prng(seed);
  const courier = new Courier(prng(seed ^ 0xc0), () => ({
    url: `${stack?.baseUrl ?? ""}/webhooks/intercom`,
    secret: SECRET,
  }));
  // The sandbox's clock runs behind the real one, at 22:00 UTC of the day before: a round can
  // later move it forward to just before its midnight without ever running ahead of the Worker.
  const lastMidnight = Math.floor(Date.now() / 1000 / DAY) * DAY;
  const sandboxStart = lastMidnight - 2 * 3600;
  sandbox = await startSandbox({
    seed,
    sizes: {
      contacts: profile.users,
      leads: profile.leads,
      conversations: profile.conversations,
      partsPerConversation: profile.partsPerConversation,
    },
    epoch: lastMidnight - DAY,
    knobs: {
      latencyMs: 5,
      clockOffsetSeconds: sandboxStart - Math.floor(Date.now() / 1000),
      faults: { lostReplyRate: BACKGROUND_LOST_REPLIES },
    },
    captureWebhooks: courier.capture,
  });
  stack = await startLocalStack({
    port: await freePort(),
    dataDir: join(folder, "postgres"),
    temporaryData: true,
    vars: {
      INTERCOM_CLIENT_SECRET: SECRET,
      ADMIN_API_KEY: ADMIN,
      INTERCOM_ACCESS_TOKEN: TOKEN,
      INTERCOM_API_BASE: sandbox.url,
      // Intercom's workspace id, which its webhooks carry as app_id: syncs must write there too.
      INTERCOM_WORKSPACE_ID: sandbox.workspace().appId,
      LOG_LEVEL: values.verbose ? "info" : "warn",
    },
    wranglerOutput: values.verbose ? "inherit" : "ignore",
    wranglerArgs: [
      "--config",
      await snapshotWorker(folder, values.from),
      "--persist-to",
      join(folder, "wrangler"),
      ...(values.verbose ? [] : ["--log-level", "warn"]),
    ],
    onUnexpectedExit: (code) => {
      // A crash of the service is a finding; bring it back, as the platform would, and go on.
      unexpectedExits += 1;
      log(`wrangler dev exited by itself (${code}); starting it again`);
      void stack?.worker.start().catch((error: unknown) => log(`restart failed: ${String(error)}`));
    },
  });
  db = new ReconnectingDb(stack.vars.DATABASE_URL ?? "");
  const service = new Service(stack.baseUrl, ADMIN, db, sandbox.workspace().appId);
  const life: Lifetime = {
    profile,
    random,
    sandbox,
    stack,
    service,
    courier,
    writes: new OutboxWrites(
      () => stack?.baseUrl ?? "",
      ADMIN,
      sandbox,
      prng(seed ^ 0x0b0c),
      String(seed),
    ),
    figures: { runs: {}, changes: {}, faults: noFaults(), longestRecoveryMs: 0, midnight: null },
    log,
    recoveries: [],
  };
  log(`stack up: ${stack.baseUrl}, ${stack.database}; sandbox ${sandbox.url}`);
  const rounds = scheduleFor(profile, seed);
  const problems: string[] = [];
  for (const round of rounds) {
    if (Date.now() - started > profile.budgetMs) {
      problems.push(
        `over the ${profile.budgetMs / 60_000}-minute budget: rounds ${round.index}+ not played`,
      );
      break;
    }
    const extra = [
      round.fault ? `fault ${round.fault}` : "",
      round.midnight ? "crossing midnight" : "",
    ];
    log(
      `round ${round.index}: contacts ${round.contacts}, conversations ${round.conversations} ${extra.filter(Boolean).join(", ")}`,
    );
    await playRound(life, round);
  }
  await Promise.all(life.recoveries);
  const verdict = await settleAndCheck(life, sandbox, Number(values["diff-limit"]));
  problems.push(...verdict.problems);
  if (unexpectedExits > 0)
    problems.push(`wrangler dev exited by itself ${unexpectedExits} time(s)`);
  printFigures({ seed, profile, life, verdict, problems, wallMs: Date.now() - started });
  exitCode = problems.length === 0 ? 0 : 1;
} catch (error) {
  console.error(
    `soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
} finally {
  await cleanup();
}
process.exit(exitCode);
