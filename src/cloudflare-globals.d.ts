// Types `exports` from "cloudflare:workers" (used by tests and loopback calls) from our entry.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("./index.ts");
  }
}
