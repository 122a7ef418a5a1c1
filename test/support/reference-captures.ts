import { readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Deliveries and answers that real Intercom workspaces produced, kept beside the checkout in
 * `../shared/reference/` (CI has it there too). Workers cannot read the filesystem, so
 * globalSetup reads the files here, in Node, and provides their text to the tests.
 */
export interface CaptureFolder {
  /** Where the files were looked for, for the failure message. */
  dir: string;
  /** Null when the folder could not be read: the reason. */
  missing: string | null;
  files: Array<{ name: string; text: string }>;
  /** True on CI, where a missing folder is a failure, not a skip. */
  ci: boolean;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const REFERENCE_DIR = resolve(REPO_ROOT, "../shared/reference");

export async function readCaptureFolder(name: string): Promise<CaptureFolder> {
  const dir = join(REFERENCE_DIR, name);
  const ci = Boolean(process.env.CI);
  try {
    const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
    const files = await Promise.all(
      names.map(async (n) => ({ name: n, text: await readFile(join(dir, n), "utf8") })),
    );
    if (files.length === 0) return { dir, missing: "the folder has no .json files", files, ci };
    return { dir, missing: null, files, ci };
  } catch (error) {
    return { dir, missing: (error as Error).message, files: [], ci };
  }
}
