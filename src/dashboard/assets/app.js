// @ts-check
/*
 * The dashboard's one script (served from /dashboard/app.js, so the CSP needs no inline
 * script): re-fetches live sections, polling faster while a run is running, and sends the
 * action forms without leaving the page. Without it the page still works by plain forms.
 * A classic script, not a module: the page loads it with `defer`.
 */

(() => {
  // Only the main page has it, and only the main page has inline forms (data-inline).
  const notice = /** @type {HTMLElement} */ (document.getElementById("notice"));
  /** @param {string} name */
  const live = (name) => document.querySelector(`[data-live="${name}"]`);
  /** @param {string} name */
  async function refresh(name) {
    const el = live(name);
    if (!el) return;
    const res = await fetch(`/dashboard/live/${name}`, { cache: "no-store" });
    if (res.status === 401) return location.reload();
    if (res.ok) el.innerHTML = await res.text();
  }
  // Sync runs and write-back runs: each marks itself data-running while one is under way.
  const polled = ["runs", "writeback"];
  let timer = 0;
  function schedule() {
    clearTimeout(timer);
    const running = polled.some((name) => live(name)?.querySelector("[data-running]"));
    timer = setTimeout(tick, running ? 1000 : 10000);
  }
  async function tick() {
    if (!document.hidden) for (const name of polled) await refresh(name).catch(() => {});
    schedule();
  }
  schedule();
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-inline")) return;
    event.preventDefault();
    const button = form.querySelector("button");
    if (button) button.disabled = true;
    try {
      const res = await fetch(form.action, {
        method: "POST",
        // TypeScript's DOM types refuse FormData here for its file fields; these forms have none.
        body: new URLSearchParams(
          /** @type {Record<string, string>} */ (/** @type {unknown} */ (new FormData(form))),
        ),
        headers: { "x-dashboard-inline": "1" },
      });
      const body = await res.json().catch(() => ({}));
      notice.textContent = body.message || body.detail || res.statusText;
      for (const name of (form.dataset.refresh || "").split(" ")) await refresh(name);
      schedule();
    } catch (error) {
      notice.textContent = `Request failed: ${error}`;
    } finally {
      if (button) button.disabled = false;
    }
  });
})();
