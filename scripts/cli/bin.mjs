#!/usr/bin/env node
// `npx intercom-bridge <command>` (package.json "bin"): the operator CLI, run from a clone after
// `npm install`. Plain JavaScript so that any Node reaches it: an older one gets the project's
// one-line refusal (scripts/dev/require-node.mjs) instead of a stack trace about `.ts` files;
// Node 22 strips the types of main.ts itself, as `npm run cli` does.
import "../dev/require-node.mjs";

await import("./main.ts");
