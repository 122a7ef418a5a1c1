import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { RECORDS_DIR, reapLeftovers } from "../../../scripts/dev/leftovers.ts";
import { isRunning, refOf } from "../../../scripts/dev/processes.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.pid) killGroup(child.pid);
});

function killGroup(pid: number) {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {}
}

async function until(check: () => boolean, ms = 30_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return check();
}

/** A script that started a throwaway Postgres and waits; in its own process group. */
async function holdPostgres(): Promise<{ child: ChildProcess; pid: number; dataDir: string }> {
  const child = spawn(process.execPath, [join(ROOT, "test/fixtures/local/hold-postgres.ts")], {
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`fixture exited ${code}`)));
  });
  const { pid, dataDir } = JSON.parse(line) as { pid: number; dataDir: string };
  return { child, pid, dataDir };
}

describe("what local scripts start does not outlive them", () => {
  it("stops Postgres and removes its folder after SIGKILL of the script's process group", async () => {
    const held = await holdPostgres();
    expect(isRunning({ pid: held.pid, startTime: null })).toBe(true);
    killGroup(held.child.pid as number);
    expect(await until(() => !isRunning({ pid: held.pid, startTime: null }))).toBe(true);
    expect(await until(() => !existsSync(held.dataDir))).toBe(true);
  }, 60_000);

  it("stops Postgres after SIGKILL of the script alone", async () => {
    const held = await holdPostgres();
    process.kill(held.child.pid as number, "SIGKILL");
    expect(await until(() => !isRunning({ pid: held.pid, startTime: null }))).toBe(true);
  }, 60_000);

  it("reaps what a dead run recorded, and leaves a reused pid alone", async () => {
    const sleeper = spawn("sleep", ["60"], { detached: true, stdio: "ignore" });
    const stranger = spawn("sleep", ["60"], { detached: true, stdio: "ignore" });
    children.push(sleeper, stranger);
    const folder = mkdtempSync(join(tmpdir(), "intercom-bridge-leftover-"));
    const ours = refOf(sleeper.pid as number, "sleeper", { group: true });
    // Recorded with another start time: the kernel has since given this pid to a stranger.
    const reused = { ...refOf(stranger.pid as number, "reused"), startTime: "1" };
    const dead = spawn("true");
    await new Promise((r) => dead.once("exit", r));
    mkdirSync(RECORDS_DIR, { recursive: true });
    const record = join(RECORDS_DIR, `test-${dead.pid}.json`);
    writeFileSync(
      record,
      JSON.stringify({
        owner: refOf(dead.pid as number, "dead"),
        label: "test",
        processes: [ours, reused],
        folders: [folder],
      }),
    );
    const reaped = await reapLeftovers();
    expect(reaped).toContain(`sleeper (pid ${sleeper.pid})`);
    expect(isRunning(ours)).toBe(false);
    expect(isRunning(refOf(stranger.pid as number, "stranger"))).toBe(true);
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(record)).toBe(false);
  });
});

describe("the Node version check", () => {
  const run = (prelude: string) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [
        "-e",
        `${prelude}; import(${JSON.stringify(join(ROOT, "scripts/dev/require-node.mjs"))})`,
      ]);
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      child.once("exit", (code) => resolve({ code, stderr }));
    });

  it("refuses Node 20 with one line naming both versions", async () => {
    const { code, stderr } = await run(
      `Object.defineProperty(process.versions, "node", { value: "20.11.1" })`,
    );
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/needs Node 22 or newer, found Node 20\.11\.1/);
  });

  it("passes on this Node", async () => {
    expect(await run("")).toEqual({ code: 0, stderr: "" });
  });
});
