// Ties the runtime's global types to ours: `exports` from "cloudflare:workers" and `env` from
// "cloudflare:test" are typed from our entry module and our Env.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("./index.ts");
  }
  interface Env extends AppBindings {}
}

type AppBindings = import("./config/env.ts").Env;
