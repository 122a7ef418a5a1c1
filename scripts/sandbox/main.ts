import { startSandbox } from "./server.ts";

/** `npm run sandbox`: the local Intercom on its own, configured from the environment. */
const env = process.env;
const num = (name: string) => (env[name] ? Number(env[name]) : undefined);
const sandbox = await startSandbox({
  port: num("SANDBOX_PORT") ?? 8790,
  seed: num("SANDBOX_SEED") ?? 1,
  sizes: {
    ...(num("SANDBOX_CONTACTS") === undefined ? {} : { contacts: num("SANDBOX_CONTACTS") }),
    ...(num("SANDBOX_CONVERSATIONS") === undefined
      ? {}
      : { conversations: num("SANDBOX_CONVERSATIONS") }),
  },
  knobs: {
    ...(num("SANDBOX_RATE_LIMIT") === undefined
      ? {}
      : { rateLimitPerMinute: num("SANDBOX_RATE_LIMIT") }),
    ...(num("SANDBOX_LATENCY_MS") === undefined ? {} : { latencyMs: num("SANDBOX_LATENCY_MS") }),
  },
  ...(env.SANDBOX_WEBHOOK_URL
    ? {
        webhooks: {
          url: env.SANDBOX_WEBHOOK_URL,
          secret: env.SANDBOX_WEBHOOK_SECRET ?? "local-client-secret",
        },
      }
    : {}),
});
console.log(`Intercom sandbox on ${sandbox.url} (token local-intercom-token)`);
console.log(`  knobs:   GET/PATCH ${sandbox.url}/__sandbox/knobs`);
console.log(
  `  changes: POST ${sandbox.url}/__sandbox/mutate {"kind":"contacts.update","count":10}`,
);
process.on("SIGINT", () => void sandbox.stop().then(() => process.exit(0)));
