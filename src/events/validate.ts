import { z } from "zod";
import { AppError, type FieldProblem } from "../shared/errors.ts";

/** Intercom keeps at most 10 metadata keys and drops the rest without a word. */
const MAX_METADATA_KEYS = 10;
export const MAX_SERVER_EVENTS = 100;
export const MAX_BROWSER_EVENTS = 50;
const EARLIEST = 946_684_800; // 2000-01-01: older timestamps are a unit mistake (ms, or 0).
const FUTURE_SLACK_SECONDS = 3600;

// Intercom shows a rich link to teammates as a clickable link: a `javascript:` or `data:` URL
// there would run in (or phish from) a teammate's session, so only http(s) is passed on.
const linkUrl = z.url({ protocol: /^https?$/ });
const richLink = z.strictObject({ url: linkUrl, value: z.string().max(255).optional() });
const monetaryAmount = z.strictObject({
  amount: z.number().int(),
  currency: z.string().regex(/^[A-Za-z]{3}$/, "must be a 3-letter currency code"),
});
const metadataValue = z.union([
  z.string().max(255),
  z.number(),
  z.boolean(),
  z.null(),
  richLink,
  monetaryAmount,
]);

const eventInput = z.strictObject({
  // Intercom advises past-tense verb-noun names; it caps names at 255 characters.
  event_name: z.string().trim().min(1).max(255),
  created_at: z.number().int().optional(),
  user_id: z.string().min(1).max(255).optional(),
  email: z.email().max(255).optional(),
  id: z.string().min(1).max(64).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  idempotency_key: z.string().min(1).max(200).optional(),
});

export interface NormalizedEvent {
  eventName: string;
  createdAt: number;
  userId?: string | undefined;
  email?: string | undefined;
  intercomId?: string | undefined;
  metadata: Record<string, unknown>;
  idempotencyKey: string;
  /** The caller's own `idempotency_key`, as sent (without the scope). */
  clientKey?: string | undefined;
}

function metadataProblems(metadata: Record<string, unknown>, field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const keys = Object.keys(metadata);
  if (keys.length > MAX_METADATA_KEYS) {
    problems.push({
      field,
      message: `has ${keys.length} keys; Intercom keeps at most ${MAX_METADATA_KEYS} and drops the rest`,
    });
  }
  for (const key of keys) {
    const value = metadata[key];
    if (isLink(value) && !linkUrl.safeParse(value.url).success) {
      problems.push({
        field: `${field}.${key}.url`,
        message: "must be an http or https URL (Intercom shows it as a link teammates click)",
      });
    } else if (!metadataValue.safeParse(value).success) {
      problems.push({
        field: `${field}.${key}`,
        message:
          "must be a string (≤ 255), number, boolean, null, a link {url, value} or an amount {amount, currency}; Intercom does not take nested values",
      });
    }
  }
  return problems;
}

const isLink = (value: unknown): value is { url: unknown } =>
  typeof value === "object" && value !== null && "url" in value;

/**
 * Checks events against Intercom's rules and fills defaults. Without a client key the
 * idempotency key is (user, name, created_at), the same triple Intercom de-duplicates on.
 * Keys start with `keyScope` ("event" for the backend): callers that must not reach each
 * other's rows (the browser, per proven user) pass a scope of their own.
 */
export function normalizeEvents(
  input: unknown,
  options: { now: Date; max: number; userId?: string | undefined; keyScope?: string },
): NormalizedEvent[] {
  const scope = options.keyScope ?? "event";
  const list =
    input && typeof input === "object" && "events" in input
      ? (input as { events: unknown }).events
      : [input];
  const parsed = z.array(eventInput).min(1).max(options.max).safeParse(list);
  if (!parsed.success) {
    throw new AppError("invalid_request", "invalid events", {
      problems: parsed.error.issues.map((issue) => ({
        field: ["events", ...issue.path].join("."),
        message: issue.message,
      })),
    });
  }
  const now = Math.floor(options.now.getTime() / 1000);
  const problems: FieldProblem[] = [];
  const events = parsed.data.map((event, i) => {
    const field = `events.${i}`;
    const userId = options.userId ?? event.user_id;
    if (!userId && !event.email && !event.id) {
      problems.push({ field, message: "needs one of user_id, email or id" });
    }
    const createdAt = event.created_at ?? now;
    if (createdAt < EARLIEST || createdAt > now + FUTURE_SLACK_SECONDS) {
      problems.push({
        field: `${field}.created_at`,
        message: "must be Unix seconds, not in the future (milliseconds are a common mistake)",
      });
    }
    problems.push(...metadataProblems(event.metadata ?? {}, `${field}.metadata`));
    const who = userId ?? event.email ?? event.id;
    return {
      eventName: event.event_name,
      createdAt,
      userId,
      email: event.email,
      intercomId: event.id,
      metadata: event.metadata ?? {},
      idempotencyKey: event.idempotency_key
        ? `${scope}:key:${event.idempotency_key}`
        : `${scope}:${who}:${event.event_name}:${createdAt}`,
      clientKey: event.idempotency_key,
    };
  });
  if (problems.length > 0) {
    throw new AppError("unprocessable", "events break Intercom's rules", { problems });
  }
  return events;
}
