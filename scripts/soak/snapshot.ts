import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT } from "../local/stack.ts";

/**
 * The Worker as it is when the soak starts: bundled once (`wrangler deploy --dry-run`) into
 * the soak's own folder, with a copy of wrangler.toml pointing at the bundle. `wrangler dev`
 * reloads on every change to the files it bundles, and a reload loses the local queues' messages;
 * in a checkout others edit, a soak on the live sources stalled each time someone saved a file.
 * Returns the path of the config for `wrangler dev --config`.
 */
export async function snapshotWorker(folder: string): Promise<string> {
  const outdir = join(folder, "worker");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      join(ROOT, "node_modules", ".bin", "wrangler"),
      ["deploy", "--dry-run", "--outdir", outdir],
      {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "pipe"],
        env: {
          ...process.env,
          CLOUDFLARE_CF_FETCH_ENABLED: "false",
          WRANGLER_SEND_METRICS: "false",
        },
      },
    );
    let errors = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`bundling the Worker failed (${code}): ${errors.slice(-2000)}`)),
    );
  });
  const toml = await readFile(join(ROOT, "wrangler.toml"), "utf8");
  const main = /^main\s*=\s*"[^"]*"/m;
  if (!main.test(toml)) throw new Error("wrangler.toml has no main entry to point at the bundle");
  const config = join(folder, "wrangler.toml");
  await writeFile(config, toml.replace(main, `main = "${join(outdir, "index.js")}"`));
  return config;
}
