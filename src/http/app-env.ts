import type { Env } from "../config/env.ts";
import type { Services } from "../services.ts";

export interface AppEnv {
  Bindings: Env;
  Variables: { services: Services; requestId: string };
}
