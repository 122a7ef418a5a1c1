import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../../scripts/dev/stack.ts";

const BIN = join(ROOT, "scripts", "cli", "bin.mjs");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  bin: Record<string, string>;
  dependencies: Record<string, string>;
};

function run(command: string, args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    execFile(
      command,
      args,
      { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** The packages a module loads when it runs, following its relative imports (types erased). */
function runtimePackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, typeOnly, spec] of source.matchAll(
      /^import\s+(type\s+)?(?:[^;]*?\s+from\s+)?"([^"]+)"/gms,
    )) {
      if (typeOnly || !spec) continue;
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith("node:"))
        packages.add(
          spec.startsWith("@")
            ? spec.split("/").slice(0, 2).join("/")
            : (spec.split("/")[0] ?? spec),
        );
    }
  };
  visit(entry);
  return packages;
}

describe("the CLI as a command of its own", () => {
  it("is the package's bin, and `npx intercom-bridge --help` from the checkout answers", async () => {
    expect(manifest.bin["intercom-bridge"]).toBe("scripts/cli/bin.mjs");
    const result = await run("npx", ["--no-install", "intercom-bridge", "--help"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Usage: intercom-bridge [options] [command]");
    for (const command of ["test-connection", "sync", "status", "replay", "retry"])
      expect(result.stdout).toContain(`\n  ${command} `);
  });

  it("loads only packages that are dependencies, so `npm install --omit=dev` is enough", () => {
    const loaded = runtimePackages(join(ROOT, "scripts", "cli", "main.ts"));
    expect(loaded).toContain("commander");
    expect(loaded).toContain("hono");
    for (const name of loaded) expect(manifest.dependencies, name).toHaveProperty(name);
  });

  it("refuses an older Node with the project's one line, before any TypeScript loads", async () => {
    const prelude = `Object.defineProperty(process.versions, "node", { value: "20.11.1" })`;
    const result = await run(process.execPath, [
      "-e",
      `${prelude}; import(${JSON.stringify(BIN)})`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/needs Node 22 or newer, found Node 20\.11\.1/);
  });
});
