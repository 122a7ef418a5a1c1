/**
 * Settings that are fine on a developer's machine and unsafe anywhere else. Everything that is
 * not explicitly `ENVIRONMENT=local` (set by npm start, the tests, the soak and the benchmarks)
 * is held to these rules, staging included: a forgotten variable must fail closed.
 */
const MIN_ADMIN_KEY_LENGTH = 32;
/**
 * What DASHBOARD_SESSION_SECRET is when unset: fine locally, refused anywhere else (it is
 * published here, and shorter than MIN_ADMIN_KEY_LENGTH besides).
 */
export const LOCAL_SESSION_SECRET = "local-dashboard-session-secret";
/** What INTERCOM_WORKSPACE_ID is when unset: fine locally, where the sandbox is told it. */
export const DEFAULT_WORKSPACE_ID = "default";
/** What ERASURE_HASH_KEY is when unset: a key everyone knows, so local runs only. */
export const LOCAL_ERASURE_HASH_KEY = "local-erasure-hash-key";

interface Checked {
  ENVIRONMENT: "local" | "production";
  ADMIN_API_KEY: string;
  DASHBOARD_SESSION_SECRET: string;
  ADMIN_FAILURE_LIMITER?: unknown;
  INTERCOM_API_BASE: string;
  INTERCOM_WORKSPACE_ID: string;
  ERASURE_HASH_KEY: string;
  NEON_WS_PROXY?: string | undefined;
  SLACK_WEBHOOK_URL?: string | undefined;
  BENCH_ROUTES?: string | undefined;
  LOCAL_QUEUES_STARTED_AT?: number | undefined;
  CF_ACCESS_TEAM_DOMAIN?: string | undefined;
  CF_ACCESS_AUD?: string | undefined;
  CF_ACCESS_CERTS_URL?: string | undefined;
}

/** One line per unsafe setting, `NAME: why`, in the form loadConfig reports problems. */
export function productionProblems(config: Checked): string[] {
  const problems: string[] = [];
  // Half an Access setup would quietly leave the dashboard on the key alone.
  if (config.CF_ACCESS_TEAM_DOMAIN && !config.CF_ACCESS_AUD)
    problems.push(
      "CF_ACCESS_AUD: is needed with CF_ACCESS_TEAM_DOMAIN (the application's AUD tag)",
    );
  if (config.CF_ACCESS_AUD && !config.CF_ACCESS_TEAM_DOMAIN)
    problems.push("CF_ACCESS_TEAM_DOMAIN: is needed with CF_ACCESS_AUD");
  if (config.ENVIRONMENT === "local") return problems;
  if (config.ADMIN_API_KEY.length < MIN_ADMIN_KEY_LENGTH)
    problems.push(
      `ADMIN_API_KEY: must be at least ${MIN_ADMIN_KEY_LENGTH} characters outside local runs (e.g. openssl rand -hex 32)`,
    );
  problems.push(...sessionSecretProblems(config));
  // Without it every address could try keys as fast as it likes.
  if (!config.ADMIN_FAILURE_LIMITER)
    problems.push(
      "ADMIN_FAILURE_LIMITER: is required outside local runs (the [[ratelimits]] binding in wrangler.toml)",
    );
  if (!config.INTERCOM_API_BASE.startsWith("https://"))
    problems.push(
      "INTERCOM_API_BASE: must be https outside local runs (the token travels with every call)",
    );
  // Webhooks are stored under the app_id they carry; syncs under this. Left at the default,
  // the same people would live twice, half-updated each.
  if (config.INTERCOM_WORKSPACE_ID === DEFAULT_WORKSPACE_ID)
    problems.push(
      "INTERCOM_WORKSPACE_ID: set it to your Intercom workspace id (the app_id its webhooks carry)",
    );
  // With a known key, anyone holding a copy of the suppressions could test guessed user ids
  // and emails against it; with a short one, guess the key.
  if (
    config.ERASURE_HASH_KEY === LOCAL_ERASURE_HASH_KEY ||
    config.ERASURE_HASH_KEY.length < MIN_ADMIN_KEY_LENGTH
  )
    problems.push(
      `ERASURE_HASH_KEY: set it to a random secret of at least ${MIN_ADMIN_KEY_LENGTH} characters outside local runs (e.g. openssl rand -hex 32), and never change it`,
    );
  if (config.SLACK_WEBHOOK_URL && !config.SLACK_WEBHOOK_URL.startsWith("https://"))
    problems.push("SLACK_WEBHOOK_URL: must be https outside local runs");
  if (config.NEON_WS_PROXY)
    problems.push(
      "NEON_WS_PROXY: is for the local relay only (plain WebSocket, no TLS to Postgres); unset it",
    );
  if (config.BENCH_ROUTES) problems.push("BENCH_ROUTES: is for local benchmarks only; unset it");
  if (config.LOCAL_QUEUES_STARTED_AT !== undefined)
    problems.push("LOCAL_QUEUES_STARTED_AT: is set by the local stack only; unset it");
  if (config.CF_ACCESS_CERTS_URL)
    problems.push(
      "CF_ACCESS_CERTS_URL: is for tests only (Access's keys come from the team domain); unset it",
    );
  return problems;
}

/**
 * The session secret is its own secret, held to the admin key's rules: a published default
 * or a short value would let anyone who can write the sessions table mint sessions, and the
 * admin key itself would tie the two together again.
 */
function sessionSecretProblems(config: Checked): string[] {
  const secret = config.DASHBOARD_SESSION_SECRET;
  if (secret === LOCAL_SESSION_SECRET)
    return ["DASHBOARD_SESSION_SECRET: must be set outside local runs (e.g. openssl rand -hex 32)"];
  if (secret.length < MIN_ADMIN_KEY_LENGTH)
    return [
      `DASHBOARD_SESSION_SECRET: must be at least ${MIN_ADMIN_KEY_LENGTH} characters outside local runs (e.g. openssl rand -hex 32)`,
    ];
  if (secret === config.ADMIN_API_KEY)
    return ["DASHBOARD_SESSION_SECRET: must not be the admin key; give it its own value"];
  return [];
}
