import { dashboardApp } from "./dashboard/app.ts";
import { buildApp } from "./http/app.ts";

/**
 * What the Worker answers HTTP with: the JSON API (src/http/) with the dashboard's pages
 * (src/dashboard/) mounted in it. Put together here, above both, because the dashboard uses
 * the API's edge support (validation, auditing, body limits) and the API must not import it.
 */
export function workerApp() {
  return buildApp((app) => app.route("/dashboard", dashboardApp()));
}
