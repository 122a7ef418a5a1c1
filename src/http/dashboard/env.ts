import type { AppEnv } from "../app-env.ts";

/** The dashboard's routes know who is signed in: an Access email or "admin key". */
export interface DashboardEnv {
  Bindings: AppEnv["Bindings"];
  Variables: AppEnv["Variables"] & { operator: string };
}
