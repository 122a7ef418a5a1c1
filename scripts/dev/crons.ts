import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { parseCron } from "./cron.ts";

export function cronsFromWranglerToml(path: string): string[] {
  const toml = parse(readFileSync(path, "utf8")) as { triggers?: { crons?: string[] } };
  return toml.triggers?.crons ?? [];
}

/**
 * `wrangler dev` never fires cron triggers; with `--test-scheduled` it runs the scheduled
 * handler on `GET /__scheduled?cron=...`. This calls that at the start of every matching
 * minute, so the local service behaves like the deployed one.
 */
export function fireCronsOnSchedule(
  baseUrl: string,
  crons: readonly string[],
  log: (line: string) => void,
): () => void {
  const matchers = crons.map((cron) => ({ cron, matches: parseCron(cron) }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    const now = new Date();
    now.setUTCSeconds(0, 0);
    for (const { cron, matches } of matchers) {
      if (!matches(now)) continue;
      fetch(`${baseUrl}/__scheduled?cron=${encodeURIComponent(cron)}`)
        .then((res) => log(`cron "${cron}" fired: ${res.status}`))
        .catch((error: unknown) => log(`cron "${cron}" could not be fired: ${String(error)}`));
    }
    schedule();
  };
  const schedule = () => {
    const msToNextMinute = 60_000 - (Date.now() % 60_000) + 50;
    timer = setTimeout(tick, msToNextMinute);
  };
  schedule();
  return () => clearTimeout(timer);
}
