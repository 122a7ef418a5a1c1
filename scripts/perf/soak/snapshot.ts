import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT } from "../../dev/stack.ts";

/**
 * The Worker as it is when the soak starts: bundled once (`wrangler deploy --dry-run`) into
 * the soak's own folder, with a copy of wrangler.toml pointing at the bundle. `wrangler dev`
 * reloads on every change to the files it bundles, and a reload loses the local queues'
 * messages: in a checkout others edit, a soak on the live sources stalled each time someone
 * saved a file. `revision` bundles a commit's sources instead of the working tree.
 * Returns the config for `wrangler dev --config`.
 */
export async function snapshotWorker(folder: string, revision?: string): Promise<string> {
  const outdir = join(folder, "worker");
  const tree = revision ? await committedTree(revision) : ROOT;
  if (tree !== ROOT) {
    const toml = join(tree, "wrangler.toml");
    await writeFile(toml, inCheckout(await readFile(toml, "utf8")));
  }
  try {
    await run(
      join(ROOT, "node_modules", ".bin", "wrangler"),
      ["deploy", "--dry-run", "--outdir", outdir],
      tree,
    );
  } finally {
    if (tree !== ROOT) await rm(tree, { recursive: true, force: true });
  }
  const toml = await readFile(join(ROOT, "wrangler.toml"), "utf8");
  const main = /^main\s*=\s*"[^"]*"/m;
  if (!main.test(toml)) throw new Error("wrangler.toml has no main entry to point at the bundle");
  const config = join(folder, "wrangler.toml");
  await writeFile(
    config,
    asBundle(inCheckout(toml)).replace(main, `main = "${join(outdir, "index.js")}"`),
  );
  return config;
}

/**
 * The bundle names the modules the text rules caught by their content hash
 * (`<hash>-app.js`): the rules must still catch them there, or wrangler dev would bundle the
 * dashboard's browser script as Worker code.
 */
function asBundle(toml: string): string {
  return toml.replace(
    /^globs\s*=\s*\[([^\]]*)\]/m,
    (_, inner) => `globs = [${inner}, "**/*-app.js"]`,
  );
}

/**
 * The config's other paths made absolute, into this checkout: wrangler reads them relative to
 * the config's folder, which is the soak's (or a commit's tree) and holds neither the docs
 * assets nor the script that copies them.
 */
function inCheckout(toml: string): string {
  return toml
    .replace(
      /^(directory|watch_dir)\s*=\s*"(?!\/)([^"]*)"/gm,
      (_, key, path) => `${key} = "${join(ROOT, path)}"`,
    )
    .replace(
      /^command\s*=\s*"node (?!\/)([^" ]+)/m,
      (_, path) => `command = "node ${join(ROOT, path)}`,
    );
}

/** A commit's sources, unpacked inside the checkout (git-ignored .tools/): imports find node_modules. */
async function committedTree(revision: string): Promise<string> {
  if (!/^[\w./^~-]+$/.test(revision)) throw new Error(`not a git revision: ${revision}`);
  await mkdir(join(ROOT, ".tools"), { recursive: true });
  const tree = await mkdtemp(join(ROOT, ".tools", "soak-head-"));
  await run(
    "sh",
    ["-c", `git archive '${revision}' src wrangler.toml tsconfig.json | tar -x -C '${tree}'`],
    ROOT,
  );
  return tree;
}

function run(command: string, args: string[], cwd: string) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
    });
    let errors = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args[0]} failed (${code}): ${errors.slice(-2000)}`)),
    );
  });
}
