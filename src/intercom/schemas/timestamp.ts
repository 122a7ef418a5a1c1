import { z } from "zod";

/**
 * Intercom writes one instant several ways. REST answers use Unix seconds (a number, now and
 * then a numeric string). Webhooks write a contact's times, a conversation's `statistics.*_at`
 * and everything of a version 1 item as ISO-8601 strings, in two formats within one object:
 * `2026-01-10T04:22:28.240+00:00` beside `2026-01-10T04:39:55.000Z`. Every time the service
 * reads goes through `secondsOf`, so the rest of the code sees one thing: Unix seconds, with
 * the milliseconds an ISO string carried kept as a fraction. 0, null, absent and "" mean
 * "not set", as they do in Intercom's answers.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const NUMERIC = /^\d+(?:\.\d+)?$/;

/** Seconds since the epoch; null when not set; undefined when the value is no timestamp. */
export function secondsOf(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return undefined;
    return value > 0 ? value : null;
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "") return null;
  if (NUMERIC.test(text)) return secondsOf(Number(text));
  const ms = isoMilliseconds(text);
  if (ms === undefined) return undefined;
  return ms > 0 ? ms / 1000 : null;
}

function isoMilliseconds(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const fields = [y, mo, d, h, mi].map(Number) as [number, number, number, number, number];
  const [year, month, day, hour, minute] = fields;
  const second = Number(s ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return undefined;
  const millis = Math.round(Number(`0.${fraction ?? "0"}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 31 February over into March: a date that does not exist is no timestamp.
  if (new Date(utc).getUTCDate() !== day) return undefined;
  return utc - offsetMinutes(zone ?? "Z") * 60_000;
}

function offsetMinutes(zone: string): number {
  if (zone.toUpperCase() === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
}

const NOT_A_TIMESTAMP = "is not a timestamp (Unix seconds or ISO-8601)";

/**
 * A time that may be unset: parsed to Unix seconds, or null. An absent field stays absent, so
 * what we store of a payload gains no keys it did not have.
 */
export const timestamp = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value, ctx): number | null | undefined => {
    if (value === undefined) return undefined;
    const seconds = secondsOf(value);
    if (seconds === undefined) {
      ctx.addIssue({ code: "custom", message: NOT_A_TIMESTAMP });
      return z.NEVER;
    }
    return seconds;
  });

/** A time the service needs (an `updated_at` that orders writes): parsed to Unix seconds. */
export const requiredTimestamp = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const seconds = secondsOf(value);
  if (seconds === undefined || seconds === null) {
    ctx.addIssue({ code: "custom", message: seconds === null ? "is not set" : NOT_A_TIMESTAMP });
    return z.NEVER;
  }
  return seconds;
});
