import { join } from "node:path";
import { parseArgs } from "node:util";
import { prng } from "../../sandbox/prng.ts";
import type { Sandbox } from "../../sandbox/server.ts";
import { type BenchStack, benchStack } from "../stack.ts";
import { Courier } from "./courier.ts";
import { BACKGROUND_LOST_REPLIES, noFaults } from "./faults.ts";
import { type Lifetime, playRound } from "./lifetime.ts";
import { PROFILES } from "./profile.ts";
import { printFigures } from "./report.ts";
import { scheduleFor } from "./schedule.ts";
import { ScrollWatch } from "./scroll-watch.ts";
import { Service } from "./service.ts";
import { snapshotWorker } from "./snapshot.ts";
import { settleAndCheck } from "./verdict.ts";
import { OutboxWrites } from "./writes.ts";

/**
 * `npm run soak [-- --quick] [-- --seed N]`: the real local stack through a compressed
 * production lifetime (docs/performance.md "Soak"), then a row-for-row check against the sandbox.
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
const DAY = 86_400;

console.log(
  `soak: seed ${seed}, profile ${profile.name} (replay: npm run soak --${values.quick ? " --quick" : ""} --seed ${seed})`,
);
let bench: BenchStack<Sandbox> | undefined;
let scrolls: ScrollWatch | undefined;

let exitCode = 1;
let unexpectedExits = 0;
try {
  const random = prng(seed);
  const courier = new Courier(prng(seed ^ 0xc0), () => ({
    url: `${bench?.baseUrl ?? ""}/webhooks/intercom`,
    secret: SECRET,
  }));
  // The sandbox's clock runs behind the real one, at 22:00 UTC of the day before: a round can
  // later move it forward to just before its midnight without ever running ahead of the Worker.
  const lastMidnight = Math.floor(Date.now() / 1000 / DAY) * DAY;
  const sandboxStart = lastMidnight - 2 * 3600;
  bench = await benchStack({
    name: "soak",
    adminKey: ADMIN,
    clientSecret: SECRET,
    sandbox: {
      seed,
      sizes: {
        contacts: profile.users,
        leads: profile.leads,
        conversations: profile.conversations,
        partsPerConversation: profile.partsPerConversation,
        companies: profile.companies,
      },
      epoch: lastMidnight - DAY,
      knobs: {
        latencyMs: 5,
        clockOffsetSeconds: sandboxStart - Math.floor(Date.now() / 1000),
        faults: { lostReplyRate: BACKGROUND_LOST_REPLIES },
        // Seconds rather than Intercom's minute: why, in profile.ts.
        scrollExpirySeconds: profile.scrollExpirySeconds,
      },
      captureWebhooks: courier.capture,
    },
    output: values.verbose ? "shown" : "quiet",
    wranglerArgs: async (folder) => [
      "--config",
      await snapshotWorker(folder, values.from),
      "--persist-to",
      join(folder, "wrangler"),
    ],
    onUnexpectedExit: (code) => {
      // A crash of the service is a finding; bring it back, as the platform would, and go on.
      unexpectedExits += 1;
      log(`wrangler dev exited by itself (${code}); starting it again`);
      void bench?.stack.worker
        .start()
        .catch((error: unknown) => log(`restart failed: ${String(error)}`));
    },
  });
  const { sandbox, stack, db } = bench;
  const service = new Service(stack.baseUrl, ADMIN, db, sandbox.workspace().appId);
  scrolls = new ScrollWatch(sandbox);
  const life: Lifetime = {
    profile,
    random,
    sandbox,
    stack,
    service,
    courier,
    writes: new OutboxWrites(
      () => stack.baseUrl,
      ADMIN,
      sandbox,
      prng(seed ^ 0x0b0c),
      String(seed),
    ),
    figures: { runs: {}, changes: {}, faults: noFaults(), longestRecoveryMs: 0, midnight: null },
    log,
    recoveries: [],
    deletedCompanies: new Set(),
    scrolls: scrolls.figures,
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
      `round ${round.index}: contacts ${round.contacts}, conversations ${round.conversations}, companies ${round.companies} ${extra.filter(Boolean).join(", ")}`,
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
  scrolls?.stop();
  await bench?.stop();
}
process.exit(exitCode);
