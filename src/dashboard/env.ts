import type { AuditActor } from "../audit/actions.ts";
import type { AppEnv } from "../http/app-env.ts";

/**
 * The dashboard's routes know who is signed in: `operator` as the page shows it (an Access
 * email or "admin key"), `actor` as the audit log records it.
 */
export interface DashboardEnv {
  Bindings: AppEnv["Bindings"];
  Variables: AppEnv["Variables"] & { operator: string; actor: AuditActor };
}
