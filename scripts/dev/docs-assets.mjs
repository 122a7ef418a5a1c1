// Copies the API reference UI (Scalar's browser build, pinned exactly in package.json) from
// node_modules into the Worker's static assets folder, so `/docs` loads nothing from another
// origin. The folder is generated, git-ignored, and rebuilt whole on every run: by `npm ci` /
// `npm install` (the `prepare` script) and by wrangler itself (`[build]` in wrangler.toml) before
// `wrangler dev`, `wrangler deploy` and `--dry-run`. Plain JavaScript, so that wrangler's build
// step works under whichever Node runs wrangler.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");
const PACKAGE = "@scalar/api-reference";
/** wrangler.toml's `[assets] directory`; the Worker serves it at /docs/scalar/ (src/http/docs/). */
const ASSETS = join(ROOT, "dist", "assets");
const TARGET = join(ASSETS, "docs", "scalar");

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const fail = (message) => {
  console.error(`docs-assets: ${message}`);
  process.exit(1);
};

const manifest = readJson(join(ROOT, "package.json"));
const pinned = manifest.devDependencies?.[PACKAGE] ?? manifest.dependencies?.[PACKAGE];
// A range would let the next `npm install` change the code that runs on the operator's origin.
if (!/^\d+\.\d+\.\d+$/.test(pinned ?? ""))
  fail(`${PACKAGE} must be pinned to an exact version in package.json, found ${pinned}`);
const source = join(ROOT, "node_modules", PACKAGE);
if (!existsSync(join(source, "package.json"))) {
  // As `prepare` of an install without dev dependencies (`npm ci --omit=dev`, or npx setting up
  // `npx intercom-bridge`): only the CLI is wanted, so there is nothing to copy and no reason to
  // fail. wrangler's [build] runs this again before it serves or deploys, and fails there.
  if (process.env.npm_lifecycle_event === "prepare") {
    console.log(`docs-assets: ${PACKAGE} is not installed (dev dependencies omitted); skipped`);
    process.exit(0);
  }
  fail(`${PACKAGE} is not installed: run npm ci`);
}
const installed = readJson(join(source, "package.json")).version;
if (installed !== pinned)
  fail(`${PACKAGE} ${installed} is installed, package.json pins ${pinned}: run npm ci`);

// The ES module build: an entry and the chunks it imports by relative path, loaded as needed.
// Source maps stay behind (20 MB that no browser needs).
const browser = join(source, "dist", "browser");
const chunks = readdirSync(join(browser, "chunks")).filter((name) => name.endsWith(".js"));
if (!existsSync(join(browser, "standalone.esm.js")) || chunks.length === 0) {
  fail(
    `${PACKAGE} ${installed} has no dist/browser/standalone.esm.js and chunks: its layout changed`,
  );
}

// Built beside the target and swapped in, so wrangler never sees a half-copied folder.
const staging = `${TARGET}.tmp-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
mkdirSync(join(staging, "chunks"), { recursive: true });
copyFileSync(join(browser, "standalone.esm.js"), join(staging, "standalone.esm.js"));
for (const name of chunks)
  copyFileSync(join(browser, "chunks", name), join(staging, "chunks", name));
rmSync(TARGET, { recursive: true, force: true });
renameSync(staging, TARGET);
console.log(
  `docs-assets: ${PACKAGE} ${installed}, ${chunks.length + 1} files in dist/assets/docs/scalar`,
);
