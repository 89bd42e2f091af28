// What the shell knows about the open database, and a one-shot notice for the next page.

import { api, takeStartedCommands } from "./api";
import type { AppInfo } from "./bindings/AppInfo";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { Home } from "./bindings/Home";
import { track } from "./busy";
import { language, loadEnglish } from "./lang.svelte";
import { setTaxonomy } from "./taxonomy.svelte";
import { markStep } from "./timing";

export const app = $state<{ info: AppInfo | null; fatal: ErrorPayload | null; ready: boolean }>({
  info: null,
  fatal: null,
  ready: false,
});

/** Vandaag's data, asked for together with app_info when the window opens on Vandaag. */
let earlyHome: Promise<Home> | null = null;

/** The answer to the home command asked for at start, once (HomePage's first load); else null. */
export function takeEarlyHome(): Promise<Home> | null {
  const early = earlyHome;
  earlyHome = null;
  return early;
}

/** Loads app_info and the taxonomy; a failing app_info makes the whole window an error screen.
 *  With `home`, Vandaag's data is asked for at the same time (not after the shell is drawn).
 *  Commands ui/public/start.js sent already (the window opened on Vandaag) are not sent again:
 *  their answers are taken, once. */
export async function startApp(options: { home?: boolean } = {}): Promise<void> {
  const started = takeStartedCommands();
  // A window in English shows its first screen once the English texts are in (loaded meanwhile).
  const texts = language.current === "en" ? loadEnglish().catch(() => undefined) : undefined;
  if (options.home) {
    earlyHome = started?.home ?? api.home();
    // Its failure is shown by the page that takes it (or not at all when the window fails).
    earlyHome.catch(() => undefined);
  } else {
    started?.home.catch(() => undefined);
  }
  try {
    const [info, taxonomy] = await track(Promise.all([started?.app_info ?? api.appInfo(), started?.taxonomy ?? api.taxonomy()]));
    setTaxonomy(taxonomy);
    app.info = info;
    app.fatal = null;
  } catch (err) {
    app.fatal = err as ErrorPayload;
  } finally {
    await texts;
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
