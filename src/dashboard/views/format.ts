/** How the dashboard writes numbers, money, times and durations. */
import { DAY_MS } from "../../shared/clock.ts";

export const num = (value: number | null | undefined) =>
  value === null || value === undefined ? "–" : value.toLocaleString("en-US");

export const money = (value: number | null | undefined) =>
  value === null || value === undefined
    ? "–"
    : `$${value.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;

/** `2026-12-01 11:30:05Z`: UTC, as the logs and the API write it. */
export const time = (value: Date | null | undefined) =>
  value ? `${value.toISOString().slice(0, 19).replace("T", " ")}Z` : "–";

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

export const daysSince = (value: Date | null | undefined, now: Date) =>
  value ? Math.max(0, Math.floor((now.getTime() - value.getTime()) / DAY_MS)) : null;

export const yesNo = (value: boolean | null | undefined) =>
  value === null || value === undefined ? "–" : value ? "yes" : "no";
