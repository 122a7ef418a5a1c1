import { z } from "zod";
import { MAX_BROWSER_EVENTS } from "../events/validate.ts";
import type { IntercomGateObject } from "../intercom/gate/durable-object.ts";
import { MIN_DELIVERY_RETENTION_DAYS } from "../retention/settings.ts";
import { ConfigError } from "../shared/errors.ts";
import { ACCOUNT_FIGURES, CONTACT_FIGURES, DEFAULT_PREFIX } from "../writeback/figures.ts";
import { WRITES_PER_SECOND } from "../writeback/pace.ts";
import {
  DEFAULT_WORKSPACE_ID,
  LOCAL_ERASURE_HASH_KEY,
  LOCAL_SESSION_SECRET,
  productionProblems,
} from "./production.ts";

/** Bindings wrangler.toml declares, as `wrangler types` generates them (src/worker-configuration.d.ts). */
type DeclaredBindings = Omit<WorkerBindings, "LOG_LEVEL" | "HIGH_VALUE_MRR" | OptionalBinding>;
/**
 * Optional in code: a local Worker without them runs, only unthrottled. Outside local runs
 * the admin failure limiter is required (src/config/production.ts).
 */
type OptionalBinding = "ADMIN_FAILURE_LIMITER" | "TRACK_CLIENT_LIMITER";

/**
 * What the Worker gets: the declared bindings, plus the vars and secrets (set with
 * `wrangler secret put` or .dev.vars, so no file declares them), all validated below.
 */
export interface Env extends DeclaredBindings, Partial<Pick<WorkerBindings, OptionalBinding>> {
  DATABASE_URL?: string;
  /** Local only: the WebSocket relay that stands in for Neon's proxy (see scripts/dev/relay.ts). */
  NEON_WS_PROXY?: string;
  INTERCOM_CLIENT_SECRET?: string;
  ADMIN_API_KEY?: string;
  INTERCOM_ACCESS_TOKEN?: string;
  INTERCOM_API_BASE?: string;
  INTERCOM_WORKSPACE_ID?: string;
  INTERCOM_ADMIN_ID?: string;
  INTERCOM_MESSENGER_SECRET?: string;
  ALLOWED_ORIGINS?: string;
  SLACK_WEBHOOK_URL?: string;
  HIGH_VALUE_MRR?: string;
  /** Comma-separated words and phrases that count as cancel intent in a conversation. */
  CANCEL_KEYWORDS?: string;
  LOG_LEVEL?: string;
  /** Local only: enables the benchmark baseline route. */
  BENCH_ROUTES?: string;
  /** `local` relaxes the production rules of src/config/production.ts; anything else is strict. */
  ENVIRONMENT?: string;
  /**
   * Local only: when the local queues started (Unix ms). Miniflare keeps queued messages in
   * memory, so work last touched before then cannot still be queued: it is resumed at once.
   */
  LOCAL_QUEUES_STARTED_AT?: string;
  /** Retention of settled rows (see docs/retention.md "Retention"): days, batch size, seconds per run. */
  RETENTION_DAYS_DELIVERIES?: string;
  RETENTION_DAYS_OUTBOX?: string;
  RETENTION_DAYS_PART_JOBS?: string;
  RETENTION_DAYS_RUNS?: string;
  RETENTION_BATCH_SIZE?: string;
  RETENTION_BUDGET_SECONDS?: string;
  /** Browser route budgets and token rules (see docs/sending.md "Sending to Intercom"). */
  TRACK_EVENTS_PER_USER_PER_MINUTE?: string;
  TRACK_EVENTS_PER_ADDRESS_PER_MINUTE?: string;
  TRACK_JWT_MAX_LIFETIME_SECONDS?: string;
  TRACK_JWT_ISSUER?: string;
  TRACK_JWT_AUDIENCE?: string;
  TRACK_ALLOW_USER_HASH?: string;
  /** Cloudflare Access in front of /dashboard (docs/dashboard.md "Dashboard"): both or neither. */
  CF_ACCESS_TEAM_DOMAIN?: string;
  CF_ACCESS_AUD?: string;
  /** Tests only: where Access's signing keys are read instead of the team's certs URL. */
  CF_ACCESS_CERTS_URL?: string;
  /** Keys the hashes the dashboard's sessions table keeps (docs/dashboard.md "Dashboard"). */
  DASHBOARD_SESSION_SECRET?: string;
  /** Keys the hashes of erased people's identifiers (suppressions); never rotated. */
  ERASURE_HASH_KEY?: string;
  /** Write-back (docs/writeback.md): attribute prefix, which figures, and whether syncs start it. */
  WRITEBACK_PREFIX?: string;
  WRITEBACK_ATTRIBUTES?: string;
  WRITEBACK_ACCOUNT_ATTRIBUTES?: string;
  WRITEBACK_AFTER_SYNC?: string;
  WRITEBACK_WRITES_PER_SECOND?: string;
}

const commaList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  )
  .pipe(z.array(z.string()).min(1, "needs at least one non-empty value"));

const queueBinding = z.custom<Queue<unknown>>(
  (value) => typeof value === "object" && value !== null && "send" in value,
  "is not a queue binding (check [[queues.producers]] in wrangler.toml)",
);

const rateLimitBinding = z.custom<RateLimit>(
  (value) => typeof value === "object" && value !== null && "limit" in value,
  "is not a rate limit binding (check [[ratelimits]] in wrangler.toml)",
);

const days = (min: number, why = "") =>
  z.coerce
    .number()
    .int()
    .min(min, `must be at least ${min} days${why ? ` ${why}` : ""}`)
    .max(3650);

/** A comma list of figure names, each one of `figures`; `none` for none, unset for all. */
const figureList = <K extends string>(figures: Record<K, unknown>) => {
  const names = Object.keys(figures) as K[];
  return z
    .string()
    .transform((value) =>
      value.trim() === "none"
        ? []
        : value
            .split(",")
            .map((part) => part.trim())
            .filter((part) => part.length > 0),
    )
    .pipe(
      z.array(
        z.enum(names as [K, ...K[]], { error: `must be "none" or some of ${names.join(", ")}` }),
      ),
    )
    .default(names);
};

const trackEventBudget = z.coerce
  .number()
  .int()
  .min(
    MAX_BROWSER_EVENTS,
    `must be at least ${MAX_BROWSER_EVENTS}, the events one request may carry`,
  )
  .max(100_000);

const ConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL"),
  NEON_WS_PROXY: z.string().min(1).optional(),
  INTERCOM_CLIENT_SECRET: commaList,
  ADMIN_API_KEY: z.string().min(1),
  INTERCOM_ACCESS_TOKEN: z.string().min(1).optional(),
  INTERCOM_API_BASE: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .default("https://api.intercom.io"),
  INTERCOM_WORKSPACE_ID: z.string().min(1).default(DEFAULT_WORKSPACE_ID),
  INTERCOM_ADMIN_ID: z.string().min(1).optional(),
  INTERCOM_MESSENGER_SECRET: z.string().min(1).optional(),
  ALLOWED_ORIGINS: commaList.optional(),
  SLACK_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  HIGH_VALUE_MRR: z.coerce.number().positive().default(500),
  CANCEL_KEYWORDS: commaList.optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  LOCAL_QUEUES_STARTED_AT: z.coerce.number().int().positive().optional(),
  ENVIRONMENT: z
    .enum(["local", "production"], { error: 'must be "local" or "production"' })
    .default("production"),
  BENCH_ROUTES: z.string().optional(),
  // Deliveries carry their own dedupe key: a shorter life would let Intercom's retries and
  // replays be applied twice, so a lower setting is refused rather than quietly raised.
  RETENTION_DAYS_DELIVERIES: days(
    MIN_DELIVERY_RETENTION_DAYS,
    "so duplicate deliveries are still recognised",
  ).default(30),
  RETENTION_DAYS_OUTBOX: days(1).default(30),
  RETENTION_DAYS_PART_JOBS: days(1).default(7),
  RETENTION_DAYS_RUNS: days(1).default(90),
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  RETENTION_BUDGET_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  WEBHOOK_QUEUE: queueBinding,
  OUTBOX_QUEUE: queueBinding,
  SYNC_QUEUE: queueBinding,
  COMPANY_SCROLL_QUEUE: queueBinding,
  INTERCOM_GATE: z.custom<DurableObjectNamespace<IntercomGateObject>>(
    (value) => typeof value === "object" && value !== null && "idFromName" in value,
    "is not a Durable Object namespace (check [[durable_objects.bindings]] in wrangler.toml)",
  ),
  TRACK_CLIENT_LIMITER: rateLimitBinding.optional(),
  ADMIN_FAILURE_LIMITER: rateLimitBinding.optional(),
  // A budget below one full request would refuse every full request for ever, not slow it down.
  TRACK_EVENTS_PER_USER_PER_MINUTE: trackEventBudget.default(600),
  TRACK_EVENTS_PER_ADDRESS_PER_MINUTE: trackEventBudget.default(1200),
  TRACK_JWT_MAX_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(86_400),
  TRACK_JWT_ISSUER: z.string().min(1).optional(),
  TRACK_JWT_AUDIENCE: z.string().min(1).optional(),
  TRACK_ALLOW_USER_HASH: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .default("true")
    .transform((value) => value === "true"),
  CF_ACCESS_TEAM_DOMAIN: z
    .string()
    .regex(
      /^(https:\/\/)?[a-z0-9-]+(\.cloudflareaccess\.com)?\/?$/i,
      "must be your team's name or https://<team>.cloudflareaccess.com",
    )
    .transform(accessTeamUrl)
    .optional(),
  CF_ACCESS_AUD: z.string().min(1).optional(),
  CF_ACCESS_CERTS_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Local runs may leave it unset; outside them the default is refused (src/config/production.ts).
  DASHBOARD_SESSION_SECRET: z.string().min(1).default(LOCAL_SESSION_SECRET),
  // Its own secret, not one of the others: those rotate, and a suppression hashed under an old
  // key stops matching, which would quietly let an erased person be written again.
  ERASURE_HASH_KEY: z.string().min(16).default(LOCAL_ERASURE_HASH_KEY),
  // Intercom's attribute names: letters, digits, `_` and `-` are safe in every API version.
  WRITEBACK_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{0,40}$/, "must be up to 40 letters, digits, _ or -")
    .default(DEFAULT_PREFIX),
  WRITEBACK_ATTRIBUTES: figureList(CONTACT_FIGURES),
  WRITEBACK_ACCOUNT_ATTRIBUTES: figureList(ACCOUNT_FIGURES),
  WRITEBACK_AFTER_SYNC: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .default("false")
    .transform((value) => value === "true"),
  WRITEBACK_WRITES_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(WRITES_PER_SECOND),
});

/** `team`, `team.cloudflareaccess.com` or its https URL: Access tokens' issuer, `https://team.cloudflareaccess.com`. */
function accessTeamUrl(value: string): string {
  const host = value
    .replace(/^https:\/\//i, "")
    .replace(/\/$/, "")
    .toLowerCase();
  return `https://${host.endsWith(".cloudflareaccess.com") ? host : `${host}.cloudflareaccess.com`}`;
}

export type Config = z.infer<typeof ConfigSchema>;

const parsed = new WeakMap<object, Config>();

/**
 * Validates the bindings once per env object (one per isolate in practice), so a missing
 * secret is one clear error naming the setting, not a TypeError deep inside a request.
 */
export function loadConfig(env: Env): Config {
  const cached = parsed.get(env);
  if (cached) return cached;
  const blankAsMissing = Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === "" ? undefined : value]),
  );
  const result = ConfigSchema.safeParse(blankAsMissing);
  const problems = result.success
    ? productionProblems(result.data)
    : result.error.issues.map((issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`);
  if (!result.success || problems.length > 0) {
    throw new ConfigError(`invalid configuration: ${problems.join("; ")}`, problems);
  }
  parsed.set(env, result.data);
  return result.data;
}
