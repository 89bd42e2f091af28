// Marks on the browser's performance timeline (User Timing) at the moments a person waits for:
// the first screen shown, the rows of a filter shown, a keystroke in the case search.
// `benches/app` reads them through WebDriver to time the real window (and an empty Tauri
// window that sets the same marks); the app itself never reads them.

/** The first screen (Vandaag) has its content. */
export const FIRST_SCREEN = "tafel:first-screen";
/** The case list shows its first rows since the window opened. */
export const FIRST_ROWS = "tafel:first-rows";
/** The case list shows the rows of a filter; `detail` holds its search text and total. */
export const ROWS = "tafel:rows";
/** A keystroke changed the search text; `detail` holds the text. */
export const SEARCH_INPUT = "tafel:search-input";

/** The steps of the page's own start, in order (`benches/app` prints their medians):
 *  the scripts evaluated, the shell mounted, app_info and the taxonomy in, Vandaag's data in,
 *  Vandaag's rows in the DOM (drawn on screen at the next paint: the first-screen mark). */
export const START_STEP = "tafel:start";

/** Marks kept at most: the timeline is cleared past this, so a long session holds a few kB. */
const LIMIT = 1000;

function mark(name: string, options?: PerformanceMarkOptions): void {
  if (typeof performance === "undefined" || typeof performance.mark !== "function") return;
  if (performance.getEntriesByType("mark").length >= LIMIT) performance.clearMarks();
  performance.mark(name, options);
}

/** Runs `then` once the browser has painted what the DOM holds now: the next frame, and
 *  after it. */
export function afterPaint(then: () => void): void {
  if (typeof requestAnimationFrame === "undefined") then();
  else requestAnimationFrame(() => setTimeout(then, 0));
}

/** Resolves once the fonts the page asked for are in: the window's text font is loaded from
 *  the app (app.css, Tafel Sans), and a paint before that would show its text blank. */
function fontsLoaded(): Promise<unknown> {
  return typeof document !== "undefined" && document.fonts ? document.fonts.ready : Promise.resolve();
}

/** Marks `name` once per window, after the next paint with the page's fonts. */
const marked = new Set<string>();
export function markOnce(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  void fontsLoaded().then(() =>
    afterPaint(() => {
      mark(name);
      if (name === FIRST_SCREEN) firstScreenShown?.();
    }),
  );
}

let firstScreenShown: (() => void) | undefined;
const firstScreen = new Promise<void>((resolve) => (firstScreenShown = resolve));

/** Resolves once the first screen (Vandaag) is painted, or after `atMostMs` (it failed to load). */
export function afterFirstScreen(atMostMs: number): Promise<void> {
  return Promise.race([firstScreen, new Promise<void>((resolve) => setTimeout(resolve, atMostMs))]);
}

/** A step of the page's start (its name in `detail`), now. */
export function markStep(step: string): void {
  mark(START_STEP, { detail: { step } });
}

/** The rows of a search are on screen (called once the DOM holds them). */
export function markRows(query: string, total: number): void {
  afterPaint(() => mark(ROWS, { detail: { query, total } }));
  if (total > 0) markOnce(FIRST_ROWS);
}

/** A keystroke (at the event's `timeStamp`) changed the search text to `query`. */
export function markSearchInput(timeStamp: number, query: string): void {
  mark(SEARCH_INPUT, { startTime: timeStamp, detail: { query } });
}
