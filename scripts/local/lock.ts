import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One `npm start` per checkout: the embedded Postgres data folder cannot be shared by two
 * servers. Returns the pid of the holder when another live process has the lock.
 */
export function acquireLock(path: string): { release(): void } | { heldBy: number } {
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, "utf8").trim());
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) return { heldBy: pid };
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, String(process.pid));
  return { release: () => rmSync(path, { force: true }) };
}
