import { parseArgs } from "node:util";
import { buildRows, missingKinds, problemsOf } from "./limits/figures.ts";
import { PROFILES } from "./limits/profiles.ts";
import { Recorder } from "./limits/recorder.ts";
import { renderTable, TABLE_NOTES } from "./limits/render.ts";
import { runSize } from "./limits/run-size.ts";
import { EXPECTED_KINDS } from "./limits/workload.ts";

/**
 * `npm run limits [-- --quick]`: every kind of invocation the Worker has, at two workspace
 * sizes, measured against Cloudflare's per-invocation limits (src/shared/meter.ts), which
 * workerd does not enforce locally. Prints one table, and fails when an invocation passes a
 * limit, when a kind's most expensive invocation costs more in the larger workspace, or when
 * a kind never ran. docs/performance.md "Platform limits".
 */
const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
const profile = values.quick ? PROFILES.quick : PROFILES.full;
const labels = profile.sizes.map((s) => s.label);
const recorder = new Recorder();
const started = Date.now();

for (const size of profile.sizes) {
  console.log(
    `limits: ${size.label}: ${size.contacts} contacts (${size.importedContacts} imported on one day), ${size.conversations} conversations (every ${size.longConversationEvery}th long), ${size.deletedConversations} deleted before, ${size.deletedContacts} deleted between the full runs`,
  );
  await runSize(size, profile.latencyMs, recorder);
}

const rows = buildRows(recorder.samples, recorder.phases, labels);
const problems = [
  ...problemsOf(recorder.samples, rows, labels),
  ...missingKinds(recorder.samples, EXPECTED_KINDS, labels),
];
console.log(
  [
    "",
    `Platform limits: ${labels.join(" and ")} (${values.quick ? "quick" : "full"} profile), ${new Date().toISOString().slice(0, 10)}, ${((Date.now() - started) / 60_000).toFixed(1)} min`,
    "",
    renderTable(rows),
    "",
    ...TABLE_NOTES.map((n) => `- ${n}`),
    "",
  ].join("\n"),
);
if (problems.length > 0) {
  console.log(["FAIL", ...problems.map((p) => `  ${p}`)].join("\n"));
  if (recorder.complaints.length > 0)
    console.log(
      ["The Worker's warnings and errors (first 20):", ...recorder.complaints.slice(0, 20)].join(
        "\n",
      ),
    );
  process.exitCode = 1;
} else console.log("PASS: every invocation inside the limits, none growing with the workspace");
