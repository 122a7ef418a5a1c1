import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isRunning, type ProcessRef, refOf, stopProcess } from "./processes.ts";

/**
 * What a running script started (processes and temporary folders), written down as it starts
 * them, so that whatever ends the script, a guardian process or the next run can stop and
 * remove exactly those, found by what was recorded and never by a process name.
 */
interface Record {
  owner: ProcessRef;
  label: string;
  processes: ProcessRef[];
  folders: string[];
}

export const RECORDS_DIR = join(import.meta.dirname, "..", "..", ".local", "run");

function read(path: string): Record | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record;
  } catch {
    return null;
  }
}

/** Stops the recorded processes that are still ours, removes the folders, then the record. */
export async function reapRecord(path: string): Promise<string[]> {
  const record = read(path);
  const done: string[] = [];
  for (const ref of [...(record?.processes ?? [])].reverse()) {
    if (!isRunning(ref)) continue;
    await stopProcess(ref);
    done.push(`${ref.what} (pid ${ref.pid})`);
  }
  for (const folder of record?.folders ?? []) {
    rmSync(folder, { recursive: true, force: true });
    done.push(folder);
  }
  rmSync(path, { force: true });
  return done;
}

/** Records left by runs whose owner is gone (killed, crashed, power cut): reaped now. */
export async function reapLeftovers(): Promise<string[]> {
  let names: string[] = [];
  try {
    names = readdirSync(RECORDS_DIR).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
  const reaped: string[] = [];
  for (const name of names) {
    const path = join(RECORDS_DIR, name);
    const record = read(path);
    if (record && isRunning(record.owner)) continue;
    reaped.push(...(await reapRecord(path)));
  }
  return reaped;
}

/** The live record of another run with this label (e.g. a second `npm start`), if any. */
export function runningOwner(label: string): ProcessRef | null {
  let names: string[] = [];
  try {
    names = readdirSync(RECORDS_DIR);
  } catch {
    return null;
  }
  for (const name of names) {
    const record = read(join(RECORDS_DIR, name));
    if (record?.label === label && record.owner.pid !== process.pid && isRunning(record.owner))
      return record.owner;
  }
  return null;
}

let current: { path: string; record: Record } | undefined;

function save() {
  if (!current) return;
  mkdirSync(RECORDS_DIR, { recursive: true });
  writeFileSync(current.path, JSON.stringify(current.record));
}

/**
 * This process's record, with a detached guardian that outlives a SIGKILL of this process or
 * of its whole process group: it notices its stdin close and reaps the record.
 */
function ensureRecord(label = "script"): { path: string; record: Record } {
  if (current) return current;
  const path = join(RECORDS_DIR, `${process.pid}.json`);
  current = {
    path,
    record: { owner: refOf(process.pid, label), label, processes: [], folders: [] },
  };
  save();
  const guardian = spawn(process.execPath, [join(import.meta.dirname, "guardian.ts"), path], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
  });
  guardian.unref();
  (guardian.stdin as unknown as { unref(): void }).unref();
  return current;
}

/** Names this process's record (call first, before anything is tracked). */
export function recordAs(label: string): void {
  ensureRecord(label);
}

export function track(ref: ProcessRef): void {
  ensureRecord().record.processes.push(ref);
  save();
}

export function untrack(pid: number): void {
  const { record } = ensureRecord();
  record.processes = record.processes.filter((p) => p.pid !== pid);
  save();
}

export function trackFolder(folder: string): void {
  ensureRecord().record.folders.push(folder);
  save();
}

export function untrackFolder(folder: string): void {
  const { record } = ensureRecord();
  record.folders = record.folders.filter((f) => f !== folder);
  save();
}
