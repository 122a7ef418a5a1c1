import { readdirSync, readFileSync } from "node:fs";

/**
 * A process as we started it: its pid plus the kernel's start time, so a pid the kernel has
 * since given to another program is never mistaken for ours (Linux /proc; elsewhere the pid
 * alone is compared).
 */
export interface ProcessRef {
  pid: number;
  startTime: string | null;
  /** Kill the whole process group (the process was spawned detached, as its leader). */
  group: boolean;
  /** The polite signal; SIGKILL follows if it does not exit in time. */
  signal: NodeJS.Signals;
  what: string;
}

/** Fields of /proc/PID/stat after the command name (which is in parentheses, spaces and all). */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

export function startTimeOf(pid: number): string | null {
  return statFields(pid)?.[19] ?? null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // A zombie has exited; only its parent's wait is missing (in a container, maybe forever).
  return statFields(pid)?.[0] !== "Z";
}

/** True while the process is running and is still the one that was recorded. */
export function isRunning(ref: Pick<ProcessRef, "pid" | "startTime">): boolean {
  if (!alive(ref.pid)) return false;
  if (ref.startTime === null) return true;
  return startTimeOf(ref.pid) === ref.startTime;
}

export function refOf(pid: number, what: string, options: Partial<ProcessRef> = {}): ProcessRef {
  return { pid, startTime: startTimeOf(pid), group: false, signal: "SIGTERM", what, ...options };
}

function signal(ref: ProcessRef, sig: NodeJS.Signals) {
  try {
    process.kill(ref.group ? -ref.pid : ref.pid, sig);
  } catch {
    // Already gone.
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops a recorded process (and its group): its polite signal, then SIGKILL after `graceMs`.
 * Does nothing to a pid that now belongs to another program. Resolves once it is gone.
 */
export async function stopProcess(ref: ProcessRef, graceMs = 5000): Promise<void> {
  if (!isRunning(ref)) return;
  // A group is gone when its last member is: Postgres's backends outlive a killed postmaster
  // for a moment and hold its shared memory, so a restart right away would fail.
  const running = () => isRunning(ref) || (ref.group && groupMembers(ref.pid).length > 0);
  signal(ref, ref.signal);
  const deadline = Date.now() + graceMs;
  while (running() && Date.now() < deadline) await sleep(50);
  if (!running()) return;
  signal(ref, "SIGKILL");
  for (let i = 0; i < 100 && running(); i++) await sleep(50);
}

/** SIGKILL at once, as a crash would; resolves once it is gone. */
export async function killProcess(ref: ProcessRef): Promise<void> {
  await stopProcess({ ...ref, signal: "SIGKILL" }, 0);
}

/** The processes of a process group (Linux /proc; elsewhere just the leader). */
export function groupMembers(leader: number): number[] {
  let pids: number[];
  try {
    pids = readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [leader];
  }
  return pids.filter((pid) => {
    const fields = statFields(pid);
    return Number(fields?.[2]) === leader && fields?.[0] !== "Z";
  });
}
