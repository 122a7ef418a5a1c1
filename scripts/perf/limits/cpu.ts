import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Kernel clock ticks per second, the unit of /proc/PID/stat's CPU times. */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function read(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system, ms) the workerd processes among `pids` have used so far: Linux
 * /proc, null elsewhere. workerd runs every invocation, so its CPU over a phase is what the
 * phase's invocations cost it, and more (see scripts/perf/limits/figures.ts, cpuPerInvocation).
 */
export function workerdCpuMs(pids: number[]): number | null {
  let ticks = 0;
  let found = false;
  for (const pid of pids) {
    if (read(`/proc/${pid}/comm`)?.trim() !== "workerd") continue;
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) continue;
    // Fields after the command name (in parentheses): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    found = true;
  }
  return found ? (ticks * 1000) / TICKS_PER_SECOND : null;
}
