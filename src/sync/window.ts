import { z } from "zod";
import type { SyncMode } from "../db/schema/sync.ts";

/** A year of hours: further back than that is a full run's job (ranged if need be). */
const MAX_HOURS_BACK = 24 * 366;
/** Unix seconds up to 9999-12-31: larger numbers are milliseconds or typos, not dates. */
const MAX_UNIX_SECONDS = 253_402_300_799;

/** Unix seconds (a number or a string of digits), an ISO date, or an ISO date-time with zone. */
export const instant = z.union(
  [
    z.number().int().min(0).max(MAX_UNIX_SECONDS),
    z
      .string()
      .regex(/^\d{1,12}$/)
      .transform(Number)
      .pipe(z.number().max(MAX_UNIX_SECONDS)),
    z.iso.date().transform((d) => Date.parse(`${d}T00:00:00Z`) / 1000),
    z.iso.datetime({ offset: true }).transform((d) => Math.floor(Date.parse(d) / 1000)),
  ],
  { error: "is not an ISO 8601 date (2026-11-30, 2026-11-30T12:00:00Z) or Unix seconds" },
);

/** What a run covers besides its kind: all of it, a `created_at` range, or the last hours. */
export interface SyncWindow {
  rangeFrom: number | null;
  rangeTo: number | null;
  hoursBack: number | null;
}

export const WHOLE: SyncWindow = { rangeFrom: null, rangeTo: null, hoursBack: null };

/**
 * The body of `POST /v1/sync/{kind}`, also what the CLI checks before it sends anything.
 * `since`/`until` make a full run over a created-at range (the mode defaults to full with
 * them); `hours_back` an incremental run from that many hours ago instead of the watermark.
 */
export const syncRequestFields = z.strictObject({
  mode: z.enum(["incremental", "full"]).optional(),
  since: instant.optional(),
  until: instant.optional(),
  hours_back: z.number().int().min(1).max(MAX_HOURS_BACK).optional(),
});

/** The fields, and how they must agree with each other and with the time now. */
export function syncRequestSchema(nowSeconds: number) {
  return syncRequestFields
    .superRefine((b, ctx) => {
      const ranged = b.since !== undefined || b.until !== undefined;
      if (ranged && b.mode === "incremental")
        for (const field of ["since", "until"] as const)
          if (b[field] !== undefined)
            ctx.addIssue({ code: "custom", path: [field], message: "needs mode full" });
      if (b.hours_back !== undefined && (b.mode === "full" || ranged))
        ctx.addIssue({
          code: "custom",
          path: ["hours_back"],
          message: "is for incremental runs: not with mode full, since or until",
        });
      if (b.since !== undefined && b.since > nowSeconds)
        ctx.addIssue({ code: "custom", path: ["since"], message: "is in the future" });
      if (b.since !== undefined && b.until !== undefined && b.until <= b.since)
        ctx.addIssue({ code: "custom", path: ["until"], message: "must be after since" });
    })
    .transform((b): { mode: SyncMode; window: SyncWindow } => ({
      mode: b.mode ?? (b.since !== undefined || b.until !== undefined ? "full" : "incremental"),
      window: {
        rangeFrom: b.since ?? null,
        rangeTo: b.until ?? null,
        hoursBack: b.hours_back ?? null,
      },
    }));
}
