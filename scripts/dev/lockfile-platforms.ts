import { readFileSync, writeFileSync } from "node:fs";

/**
 * Run after `npm install <pkg>` on these machines. Their registry mirror lacks some non-Linux
 * builds (biome 2.6.x, recent workerd for macOS/Windows), so npm leaves those optional
 * packages out of package-lock.json and `npm ci` then rejects the lockfile as out of sync.
 * This records each missing platform package with its os/cpu/libc, which npm skips on other
 * platforms without fetching, and real macOS/Windows machines resolve as usual.
 */
interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

function platformOf(name: string) {
  const base = name.split("/").pop() ?? name;
  const os = /darwin/.test(base)
    ? "darwin"
    : /win32|windows/.test(base)
      ? "win32"
      : /android/.test(base)
        ? "android"
        : /freebsd/.test(base)
          ? "freebsd"
          : "linux";
  const cpu = /arm64|aarch64/.test(base) ? "arm64" : /arm/.test(base) ? "arm" : "x64";
  return { os: [os], cpu: [cpu], ...(/musl/.test(base) ? { libc: ["musl"] } : {}) };
}

const path = new URL("../../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8")) as { packages: Record<string, LockEntry> };
const added: string[] = [];
for (const entry of Object.values(lock.packages)) {
  for (const [dep, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (lock.packages[key] || !/^\d+\.\d+\.\d+$/.test(spec)) continue;
    lock.packages[key] = { version: spec, ...platformOf(dep), optional: true };
    added.push(`${dep}@${spec}`);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `recorded: ${added.join(", ")}` : "lockfile already complete");
