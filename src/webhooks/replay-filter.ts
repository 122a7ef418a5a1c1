import { z } from "zod";

/**
 * Which stored deliveries a bulk replay takes, and which a count of what became of them
 * reads. Plain zod without drizzle: the CLI checks its flags with these same rules before it
 * sends anything, and loading the schema would cost it most of its start time.
 */

/**
 * `dead` and `failed` as a single replay takes them, and `ignored`: deliveries of topics that
 * were not applied when they arrived (applied since) were stored as ignored.
 */
export const BULK_REPLAYABLE = ["dead", "failed", "ignored"] as const;
export type BulkReplayable = (typeof BULK_REPLAYABLE)[number];

/**
 * Rows one call replays at most. Each replayed row is one queue message, sent 100 to a
 * `sendBatch`; with the statement itself that keeps a call far inside the 1,000 subrequests
 * an invocation may make, and its time bounded. More is more calls (`more` says so).
 */
const MAX_REPLAY_LIMIT = 1000;

const INSTANT_MESSAGE = "is not an ISO 8601 date-time (2026-11-30T12:00:00Z) or date (2026-11-30)";
/** A date is its midnight UTC; a date-time must carry its zone, so nobody guesses one. */
const instantText = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  error: INSTANT_MESSAGE,
});
const exactInstant = z.iso.datetime({ offset: true, error: INSTANT_MESSAGE });

const toDate = (text: string) => new Date(text.length === 10 ? `${text}T00:00:00Z` : text);

/** Where the rows are: the same fields narrow a replay and a count. */
const windowFields = {
  workspace_id: z.string().min(1).max(200).optional(),
  topic: z.string().min(1).max(200).optional(),
  since: instantText.optional(),
  until: instantText.optional(),
};

/**
 * The body of `POST /v1/webhooks/deliveries/replay`. Strict: a misspelt field ignored would
 * widen a bulk action to more rows than the operator meant.
 */
export const replayFilterFields = z.strictObject({
  status: z.enum(BULK_REPLAYABLE, {
    error: (issue) =>
      issue.input === undefined
        ? "is required: dead, failed or ignored"
        : "must be dead, failed or ignored (received and applied deliveries are not replayed)",
  }),
  ...windowFields,
  processed_before: exactInstant.optional(),
  limit: z.number().int().min(1).max(MAX_REPLAY_LIMIT).optional(),
});

/** The query of `GET /v1/webhooks/deliveries/counts` (not strict: queries carry extras). */
export const countFilterFields = z.object({
  ...windowFields,
  processed_since: exactInstant.optional(),
});

export interface DeliveryWindow {
  workspaceId?: string | undefined;
  topic?: string | undefined;
  /** `received_at` from, inclusive. */
  since?: Date | undefined;
  /** `received_at` before, exclusive. */
  until?: Date | undefined;
}

export interface ReplayFilter extends DeliveryWindow {
  status: BulkReplayable;
  /** Only rows last processed before this (or never): see `replayDeliveries`. */
  processedBefore?: Date | undefined;
  limit: number;
}

export interface CountFilter extends DeliveryWindow {
  /** Only rows processed since this, besides those still waiting (`received`). */
  processedSince?: Date | undefined;
}

type WindowInput = { since?: string | undefined; until?: string | undefined };

function untilAfterSince(input: WindowInput, ctx: z.RefinementCtx) {
  if (input.since && input.until && toDate(input.until) <= toDate(input.since))
    ctx.addIssue({ code: "custom", path: ["until"], message: "must be after since" });
}

const windowOf = (input: WindowInput & { workspace_id?: string; topic?: string }) => ({
  workspaceId: input.workspace_id,
  topic: input.topic,
  since: input.since ? toDate(input.since) : undefined,
  until: input.until ? toDate(input.until) : undefined,
});

/** The fields, how they agree with each other, and the domain's filter. */
export const replayFilterSchema = replayFilterFields.superRefine(untilAfterSince).transform(
  (input): ReplayFilter => ({
    ...windowOf(input),
    status: input.status,
    processedBefore: input.processed_before ? toDate(input.processed_before) : undefined,
    limit: input.limit ?? MAX_REPLAY_LIMIT,
  }),
);

export const countFilterSchema = countFilterFields.superRefine(untilAfterSince).transform(
  (input): CountFilter => ({
    ...windowOf(input),
    processedSince: input.processed_since ? toDate(input.processed_since) : undefined,
  }),
);
