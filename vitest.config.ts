import { resolve } from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig, type Plugin } from "vitest/config";

export const TEST_SECRETS = {
  clientSecrets: "test-client-secret,test-client-secret-previous",
  adminKey: "test-admin-key",
  messengerSecret: "test-messenger-secret",
};

/**
 * The dashboard's stylesheet and script are imported as text: wrangler.toml's [[rules]] does it
 * in the Worker and in the worker tests. Node tests that build the app (the contract document)
 * need the same, or the script runs as a module and asks for a `document`: Vite's `?raw`.
 */
const dashboardAssetsAsText: Plugin = {
  name: "dashboard-assets-as-text",
  enforce: "pre",
  resolveId(source, importer) {
    if (!importer || !/(^|\/)assets\/app\.(css|js)$/.test(source)) return null;
    const path = resolve(importer, "..", source);
    return path.includes("/src/dashboard/assets/") ? `${path}?raw` : null;
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [dashboardAssetsAsText],
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          // Vitest blanks CSS in tests; the stylesheet read as text above is content, not style.
          css: { include: [/\/src\/dashboard\/assets\/app\.css\?raw$/] },
          // Some start sandboxes and real processes; on a loaded 2-core machine 5 s is too tight.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          // A real Chromium against wrangler dev: the stack alone takes ~20 s to start.
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                DATABASE_URL: inject<string>("databaseUrl"),
                NEON_WS_PROXY: inject<string>("neonWsProxy"),
                INTERCOM_CLIENT_SECRET: TEST_SECRETS.clientSecrets,
                ADMIN_API_KEY: TEST_SECRETS.adminKey,
                INTERCOM_ACCESS_TOKEN: "local-intercom-token",
                INTERCOM_API_BASE: inject<string>("intercomApiBase"),
                SYNC_SANDBOX_BASE: inject<string>("syncSandboxBase"),
                COMPANY_SANDBOX_BASE: inject<string>("companySandboxBase"),
                CONVERSATION_SANDBOX_BASE: inject<string>("conversationSandboxBase"),
                SCALE_SANDBOX_BASE: inject<string>("scaleSandboxBase"),
                CHAIN_SANDBOX_BASE: inject<string>("chainSandboxBase"),
                THRESHOLD_SANDBOX_BASE: inject<string>("thresholdSandboxBase"),
                RACE_SANDBOX_BASE: inject<string>("raceSandboxBase"),
                GATE_SANDBOX_BASE: inject<string>("gateSandboxBase"),
                PARTS_SANDBOX_BASE: inject<string>("partsSandboxBase"),
                GUARD_CONTACTS_SANDBOX_BASE: inject<string>("guardContactsSandboxBase"),
                GUARD_CONVERSATIONS_SANDBOX_BASE: inject<string>("guardConversationsSandboxBase"),
                WRITEBACK_SANDBOX_BASE: inject<string>("writebackSandboxBase"),
                INTERCOM_MESSENGER_SECRET: TEST_SECRETS.messengerSecret,
                ALLOWED_ORIGINS: "http://localhost:5173",
                BENCH_ROUTES: "1",
                LOG_LEVEL: "warn",
                ENVIRONMENT: "local",
              },
            },
          })),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          globalSetup: ["./test/support/global-setup.ts"],
          // A guard against hangs, not a speed target: on 2 loaded cores a sync test can take 30 s.
          testTimeout: 60_000,
        },
      },
    ],
  },
});
