// What the shell knows about the open database, and a one-shot notice for the next page.

import { api } from "./api";
import type { AppInfo } from "./bindings/AppInfo";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import { track } from "./busy";
import { setTaxonomy } from "./taxonomy.svelte";
import { markStep } from "./timing";

export const app = $state<{ info: AppInfo | null; fatal: ErrorPayload | null; ready: boolean }>({
  info: null,
  fatal: null,
  ready: false,
});

/** Loads app_info and the taxonomy; a failing app_info makes the whole window an error screen. */
export async function startApp(): Promise<void> {
  try {
    const [info, taxonomy] = await track(Promise.all([api.appInfo(), api.taxonomy()]));
    setTaxonomy(taxonomy);
    app.info = info;
    app.fatal = null;
  } catch (err) {
    app.fatal = err as ErrorPayload;
  } finally {
    app.ready = true;
    markStep("info");
  }
}

/** Refreshes the counts in the navigation after a write; failures keep the old counts. */
export async function refreshInfo(): Promise<void> {
  try {
    app.info = await track(api.appInfo());
  } catch {
    // The counts stay as they were; the write itself succeeded.
  }
}

/** A notice shown once on the next page (e.g. "saved, amount € 1.200.000"). */
export const notice = $state<{ caseId: string | null; amountCents: number | null }>({ caseId: null, amountCents: null });
