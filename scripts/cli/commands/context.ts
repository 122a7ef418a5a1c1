import { type Api, createApi } from "../api.ts";
import { resolveTarget } from "../config.ts";

/** What every command works with: the API client, made on first use. */
export interface Context {
  api(): Api;
  /**
   * Runs `follow` (polling a run); Ctrl-C stops following, not the run, and says so.
   */
  following<T>(runId: string, follow: () => Promise<T>): Promise<T>;
}

export function createContext(): Context {
  let api: Api | undefined;
  return {
    api() {
      api ??= createApi(resolveTarget());
      return api;
    },
    async following(runId, follow) {
      const stop = () => {
        process.stderr.write(`\nstopped following run ${runId}; it goes on in the service\n`);
        process.exit(130);
      };
      process.once("SIGINT", stop);
      try {
        return await follow();
      } finally {
        process.off("SIGINT", stop);
      }
    },
  };
}
