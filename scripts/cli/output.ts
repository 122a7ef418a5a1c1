import cliProgress from "cli-progress";
import Table from "cli-table3";
import pc from "picocolors";

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorsFor(stream: NodeJS.WriteStream) {
  const noColor = (process.env.NO_COLOR ?? "") !== "";
  return pc.createColors(Boolean(stream.isTTY) && !noColor);
}

export const out = colorsFor(process.stdout);
export const err = colorsFor(process.stderr);

/** Machine output: the value and nothing else on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export const line = (text = "") => process.stdout.write(`${text}\n`);

/** A table for people; plain borders and no colour codes unless stdout is a terminal. */
export function printTable(head: string[], rows: Array<Array<unknown>>): void {
  const table = new Table({
    head: head.map((h) => out.bold(h)),
    style: { head: [], border: [] },
  });
  for (const row of rows) table.push(row.map(cell));
  line(table.toString());
  if (rows.length === 0) line(out.dim("(none)"));
}

/** Key/value pairs of one record, in a two-column table. */
export function printRecord(record: Record<string, unknown>): void {
  const table = new Table({ style: { head: [], border: [] } });
  for (const [key, value] of Object.entries(record))
    table.push({ [out.bold(key)]: cell(value) } as Record<string, string>);
  line(table.toString());
}

export function cell(value: unknown): string {
  if (value === null || value === undefined) return out.dim("-");
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) return shortTime(value);
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** `2026-12-01 11:30:19Z`: a timestamp a person reads at a glance, still in UTC. */
export function shortTime(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$/, "Z");
}

export const statusColour = (status: string) =>
  ["ok", "succeeded", "applied", "delivered"].includes(status)
    ? out.green(status)
    : [
          "running",
          "planning",
          "writing",
          "received",
          "pending",
          "degraded",
          "unconfigured",
          "ignored",
        ].includes(status)
      ? out.yellow(status)
      : out.red(status);

export function seconds(s: number | null | undefined): string {
  if (s === null || s === undefined) return "?";
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * A progress bar on stderr when it is a terminal and the command is not `--quiet`; null
 * otherwise, and the caller prints a line now and then instead (a log keeps no bar).
 */
export function progressBar(format: string, quiet: boolean | undefined) {
  if (!process.stderr.isTTY || quiet) return null;
  return new cliProgress.SingleBar(
    { format, hideCursor: false, clearOnComplete: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
}
