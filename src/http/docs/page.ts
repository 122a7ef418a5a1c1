/**
 * `/docs`: a shell that loads the API reference UI (Scalar's browser build, copied into the
 * Worker's static assets by scripts/dev/docs-assets.mjs) and points it at /openapi.json. No inline
 * script, so the CSP's `script-src 'self'` holds; the favicon is empty so the browser asks for none.
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>intercom-bridge API</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <div id="reference" data-url="/openapi.json"></div>
    <noscript>This page needs JavaScript. The contract itself is <a href="/openapi.json">/openapi.json</a>.</noscript>
    <script type="module" src="/docs/init.js"></script>
  </body>
</html>
`;

/**
 * Starts the UI with everything that would reach another origin turned off: web fonts
 * (fonts.scalar.com), telemetry, the AI agent and the developer toolbar (Scalar's services).
 * No \`proxyUrl\`: "try it" requests go straight to this origin, the only one the CSP allows.
 */
export const DOCS_INIT_JS = `import { createApiReference } from "/docs/scalar/standalone.esm.js";

const root = document.getElementById("reference");
createApiReference(root, {
  url: root.dataset.url,
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: "never",
  documentDownloadType: "json",
});
`;
