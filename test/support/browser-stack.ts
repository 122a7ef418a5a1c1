import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import pg from "pg";
import { type Browser, type BrowserServer, chromium } from "playwright-core";
import { freePort } from "../../scripts/dev/free-port.ts";
import { track, trackFolder, untrack, untrackFolder } from "../../scripts/dev/leftovers.ts";
import { refOf, stopProcess } from "../../scripts/dev/processes.ts";
import { type LocalStack, startLocalStack } from "../../scripts/dev/stack.ts";
import { runSyncToEnd } from "../../scripts/perf/run-sync.ts";
import { type Sandbox, startSandbox } from "../../scripts/sandbox/server.ts";

export const ADMIN_KEY = "browser-admin-key";
export const CLIENT_SECRET = "browser-client-secret";
export const WORKSPACE_ID = "browser-app";
export const ACCESS_TEAM = "https://browser-test.cloudflareaccess.com";
export const ACCESS_AUD = "browser-test-audience";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface BrowserStack {
  stack: LocalStack;
  sandbox: Sandbox;
  db: pg.Client;
  browser: Browser;
  /** An Access token signed by the team's (local) key, or by a stranger's key. */
  accessToken(
    claims: { email: string; aud?: string },
    signer?: "team" | "stranger",
  ): Promise<string>;
  stop(): Promise<void>;
}

async function keyPair() {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  return {
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid: crypto.randomUUID(), alg: "RS256" },
  };
}

/** Access's certs endpoint, standing in for https://<team>.cloudflareaccess.com/cdn-cgi/access/certs. */
async function serveCerts(keys: JWK[]): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys }));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${port}/cdn-cgi/access/certs` };
}

/** Debian's Chromium, recorded like every local process; `stop` leaves none of it running. */
export async function launchChromium(): Promise<{ browser: Browser; stop: () => Promise<void> }> {
  const server: BrowserServer = await chromium.launchServer({
    executablePath: CHROMIUM,
    // Root (containers, CI) cannot use Chromium's sandbox.
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
  });
  const pid = server.process().pid;
  if (pid) track(refOf(pid, "chromium", { group: true }));
  const closeServer = async () => {
    await server.close().catch(() => {});
    if (pid) {
      await stopProcess(refOf(pid, "chromium", { group: true }), 2000);
      untrack(pid);
    }
  };
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const stop = async () => {
      await browser.close().catch(() => {});
      await closeServer();
    };
    return { browser, stop };
  } catch (error) {
    await closeServer();
    throw error;
  }
}

/**
 * The sandbox (slowed a little, so a run's progress can be watched), the local stack with
 * Access configured against a local certs server, a first sync of both kinds, and Chromium.
 * Each process is recorded (scripts/dev/leftovers.ts), so none outlives the test run.
 */
export async function startBrowserStack(): Promise<BrowserStack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const team = await keyPair();
    const stranger = await keyPair();
    const certs = await serveCerts([team.jwk]);
    stops.push(() => new Promise((resolve) => certs.server.close(() => resolve())));
    const sandbox = await startSandbox({
      seed: 7,
      sizes: { contacts: 1500, leads: 0, conversations: 300 },
      knobs: { latencyMs: 40 },
      // The token's workspace is the one the stack syncs under, as admin health checks.
      appId: WORKSPACE_ID,
    });
    stops.push(() => sandbox.stop());
    const folder = await mkdtemp(join(tmpdir(), "intercom-bridge-browser-"));
    trackFolder(folder);
    stops.push(async () => {
      await rm(folder, { recursive: true, force: true });
      untrackFolder(folder);
    });
    const stack = await startLocalStack({
      port: await freePort(),
      dataDir: join(folder, "postgres"),
      temporaryData: true,
      vars: {
        INTERCOM_CLIENT_SECRET: CLIENT_SECRET,
        ADMIN_API_KEY: ADMIN_KEY,
        INTERCOM_WORKSPACE_ID: WORKSPACE_ID,
        INTERCOM_ACCESS_TOKEN: "local-intercom-token",
        INTERCOM_API_BASE: sandbox.url,
        CF_ACCESS_TEAM_DOMAIN: ACCESS_TEAM,
        CF_ACCESS_AUD: ACCESS_AUD,
        CF_ACCESS_CERTS_URL: certs.url,
        LOG_LEVEL: "warn",
      },
      wranglerOutput: "ignore",
      wranglerArgs: ["--log-level", "warn"],
    });
    stops.push(() => stack.stop());
    const db = new pg.Client({ connectionString: stack.vars.DATABASE_URL });
    await db.connect();
    stops.push(() => db.end());
    await runSyncToEnd(stack.baseUrl, ADMIN_KEY, "contacts", "full");
    await runSyncToEnd(stack.baseUrl, ADMIN_KEY, "conversations", "full");
    const { browser, stop: stopChromium } = await launchChromium();
    stops.push(stopChromium);
    const accessToken: BrowserStack["accessToken"] = (claims, signer = "team") => {
      const key = signer === "team" ? team : stranger;
      return new SignJWT({ email: claims.email })
        .setProtectedHeader({ alg: "RS256", kid: key.jwk.kid as string })
        .setIssuer(ACCESS_TEAM)
        .setAudience(claims.aud ?? ACCESS_AUD)
        .setSubject(crypto.randomUUID())
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(key.privateKey);
    };
    return { stack, sandbox, db, browser, accessToken, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
