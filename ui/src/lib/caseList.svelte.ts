// The case list's search, filters, active view, sort and rows; kept while the user visits a case.
// The rows come a page at a time: with 100,000 cases a broad filter matches tens of thousands,
// so the list holds how many match (`total`) and only the pages the user has scrolled to.

import { tick } from "svelte";
import { SvelteMap } from "svelte/reactivity";
import { api, type CaseFilterInput } from "./api";
import type { CapitalType } from "./bindings/CapitalType";
import type { CaseSort } from "./bindings/CaseSort";
import type { CaseSortField } from "./bindings/CaseSortField";
import type { CaseStatus } from "./bindings/CaseStatus";
import type { CaseSummary } from "./bindings/CaseSummary";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { Province } from "./bindings/Province";
import type { SavedView } from "./bindings/SavedView";
import { beginBusy, DelayedWork } from "./busy";
import { advancedCount, criteriaFromFilter, criteriaToFilter, emptyCriteria, isFiltered, type ListCriteria } from "./caseFilter";
import { markRows } from "./timing";

/** The pause after typing in the owner or amount fields before the list loads. The search box
 *  has none: each keystroke loads at once (see `setQuery`). */
export const SEARCH_DEBOUNCE_MS = 150;

export const DEFAULT_SORT: CaseSort = { field: "intake_date", descending: true };

/** Rows per `list_case_page` request: a few screens' worth, well under the core's cap of 1,000. */
export const PAGE_SIZE = 200;

/** The pages holding rows `start` up to (not including) `end`. */
export function pagesOf(start: number, end: number): number[] {
  if (end <= start) return [];
  const pages: number[] = [];
  for (let page = Math.floor(start / PAGE_SIZE); page * PAGE_SIZE < end; page++) pages.push(page);
  return pages;
}

/** The filter whose pages the list holds, and which generation of them. */
interface Shown {
  key: string;
  filter: CaseFilterInput;
  generation: number;
}

export class CaseListModel {
  criteria = $state<ListCriteria>(emptyCriteria());
  sort = $state<CaseSort>({ ...DEFAULT_SORT });
  /** The saved view whose filter is applied; cleared as soon as a criterion changes. */
  activeViewId = $state<string | null>(null);
  /** "Meer filters" is open. */
  showMore = $state(false);
  /** How many cases match the filter, loaded or not. */
  total = $state(0);
  loading = $state(false);
  loaded = $state(false);
  error = $state.raw<ErrorPayload | null>(null);
  /** Highlighted row (keyboard), kept across visits. */
  activeIndex = $state(0);
  /** Scroll offset of the list, restored on return. */
  scrollTop = 0;
  /** Bumped when new rows come from a different filter: the list goes back to the top. */
  resetToken = $state(0);
  /** Set when `/` is pressed elsewhere: the list page focuses its search box on arrival. */
  focusSearchOnShow = false;

  /** The loaded pages by number (rows PAGE_SIZE × n onwards), all from the filter in `#shown`. */
  #pages = new SvelteMap<number, readonly CaseSummary[]>();
  /** The filter the pages belong to, and its generation: bumped whenever the pages are replaced,
   *  so a page that arrives for an older filter, sort or state of the data is dropped. */
  #shown: Shown | null = null;
  #generation = 0;
  /** Pages requested for the current generation and not yet answered. */
  #inFlight = new Set<number>();
  /** The rows the table last asked for (what is in view, plus some either side). */
  #wanted = { start: 0, end: 0 };

  /** A search is loading; `#searchAgain` ends the busy mark of the keystrokes that wait for it. */
  #searching = false;
  #searchAgain: (() => void) | undefined;
  #delayed = new DelayedWork();
  #sequence = 0;

  get query(): string {
    return this.criteria.query;
  }
  set query(text: string) {
    this.criteria.query = text;
  }

  /** One status, or "" for all (or several, as a view may set). */
  get status(): CaseStatus | "" {
    return this.criteria.statuses.length === 1 ? this.criteria.statuses[0] : "";
  }
  set status(value: CaseStatus | "") {
    this.criteria.statuses = value ? [value] : [];
  }

  get capitalType(): CapitalType | "" {
    return this.criteria.capitalTypes.length === 1 ? this.criteria.capitalTypes[0] : "";
  }
  set capitalType(value: CapitalType | "") {
    this.criteria.capitalTypes = value ? [value] : [];
  }

  get province(): Province | "" {
    return this.criteria.provinces.length === 1 ? this.criteria.provinces[0] : "";
  }
  set province(value: Province | "") {
    this.criteria.provinces = value ? [value] : [];
  }

  /** The filter sent to `list_case_page` (and saved as a view, or exported). */
  filter(): CaseFilterInput {
    return criteriaToFilter(this.criteria, this.sort);
  }

  get filtered(): boolean {
    return isFiltered(this.criteria);
  }

  /** New search text: the rows follow every keystroke. A page of any search takes the core
   *  milliseconds, so there is no pause to wait for; while one search is on its way, further
   *  keystrokes wait for it and then load once, with the text as it is by then. */
  setQuery(text: string): void {
    this.query = text;
    this.activeViewId = null;
    this.#delayed.cancel();
    if (this.#searching) {
      this.#searchAgain ??= beginBusy();
      return;
    }
    this.#searching = true;
    void this.load().finally(() => {
      this.#searching = false;
      const again = this.#searchAgain;
      this.#searchAgain = undefined;
      if (again) {
        this.setQuery(this.query);
        again();
      }
    });
  }

  setStatus(value: CaseStatus | ""): void {
    this.set("statuses", value ? [value] : []);
  }

  setCapitalType(value: CapitalType | ""): void {
    this.set("capitalTypes", value ? [value] : []);
  }

  setProvince(value: Province | ""): void {
    this.set("provinces", value ? [value] : []);
  }

  /** Changes one criterion and loads at once (picks, dates, checkboxes). */
  set<K extends keyof ListCriteria>(key: K, value: ListCriteria[K]): void {
    this.criteria[key] = value;
    this.activeViewId = null;
    void this.load();
  }

  /** Changes a typed criterion (owner, amounts) and loads after a pause in typing. */
  setTyped<K extends "owner" | "amountMin" | "amountMax">(key: K, value: string): void {
    this.criteria[key] = value;
    this.activeViewId = null;
    this.schedule(SEARCH_DEBOUNCE_MS);
  }

  clearFilters(): void {
    this.criteria = emptyCriteria();
    this.activeViewId = null;
    void this.load();
  }

  /** Shows the cases of a saved view: its criteria replace the current ones, its sort too when it has one. */
  applyView(view: SavedView): void {
    this.criteria = criteriaFromFilter(view.filter);
    if (view.filter.sort) this.sort = { ...view.filter.sort };
    this.activeViewId = view.id;
    if (advancedCount(this.criteria) > 0) this.showMore = true;
    void this.load();
  }

  /** Clicking a column: the same column flips direction, another starts ascending. */
  toggleSort(field: CaseSortField): void {
    this.sort = this.sort.field === field ? { field, descending: !this.sort.descending } : { field, descending: false };
    void this.load();
  }

  /** Loads after `delay` ms; the window counts as busy from now on, so tests never see a gap. */
  schedule(delay: number): void {
    this.#delayed.schedule(delay, () => this.load());
  }

  /** How many rows the list has (loaded or not). */
  get count(): number {
    return this.total;
  }

  /** The row at a position, or undefined while its page is not loaded. */
  rowAt(index: number): CaseSummary | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Loads the first page for the current filter now, and sets `total`; an answer to an older
   *  request is dropped. With the filter unchanged (back from a case, or after an edit) it also
   *  reloads the pages in view, so the list stays where it was and shows the fresh rows. */
  async load(): Promise<void> {
    this.#delayed.cancel();
    const sequence = ++this.#sequence;
    const end = beginBusy();
    const filter = this.filter();
    const query = this.criteria.query;
    const key = JSON.stringify(filter);
    const sameFilter = this.#shown?.key === key;
    const numbers = sameFilter ? [...new Set([0, ...pagesOf(this.#wanted.start, Math.min(this.#wanted.end, this.total))])] : [0];
    this.loading = true;
    try {
      const pages = await Promise.all(numbers.map((n) => api.listCasePage(filter, n * PAGE_SIZE, PAGE_SIZE)));
      if (sequence !== this.#sequence) return;
      // Everything is replaced at once: pages out of view may have moved (an edit can change a
      // case's place in the order) and are fetched again when the user scrolls to them.
      this.#generation += 1;
      this.#shown = { key, filter, generation: this.#generation };
      this.#inFlight = new Set();
      this.#pages.clear();
      numbers.forEach((n, i) => this.#pages.set(n, pages[i].rows));
      this.total = pages[0].total;
      if (!sameFilter) {
        this.activeIndex = 0;
        this.scrollTop = 0;
        this.#wanted = { start: 0, end: this.#wanted.end - this.#wanted.start };
        this.resetToken += 1;
      }
      this.error = null;
      this.loaded = true;
      if (this.activeIndex >= this.total) this.activeIndex = Math.max(0, this.total - 1);
      this.ensureRange(this.#wanted.start, this.#wanted.end);
      const total = this.total;
      void tick().then(() => markRows(query, total));
    } catch (err) {
      if (sequence !== this.#sequence) return;
      this.error = err as ErrorPayload;
    } finally {
      if (sequence === this.#sequence) this.loading = false;
      end();
    }
  }

  /** Makes sure rows `start` up to `end` are loaded: requests each page of that range that is
   *  neither loaded nor on its way. The table calls it with what is in view as the user scrolls. */
  ensureRange(start: number, end: number): void {
    this.#wanted = { start: Math.max(0, start), end: Math.max(0, end) };
    const shown = this.#shown;
    if (!shown) return; // the first load() asks for what is wanted once it has the total
    const last = Math.min(this.#wanted.end, this.total);
    for (const n of pagesOf(this.#wanted.start, last)) {
      if (this.#pages.has(n) || this.#inFlight.has(n)) continue;
      void this.#fetchPage(shown, n);
    }
  }

  async #fetchPage(shown: Shown, n: number): Promise<void> {
    const inFlight = this.#inFlight;
    inFlight.add(n);
    const end = beginBusy();
    try {
      const page = await api.listCasePage(shown.filter, n * PAGE_SIZE, PAGE_SIZE);
      if (shown.generation !== this.#generation) return;
      this.#pages.set(n, page.rows);
    } catch (err) {
      if (shown.generation !== this.#generation) return;
      this.error = err as ErrorPayload;
    } finally {
      inFlight.delete(n);
      end();
    }
  }
}

/** The one list of the app. */
export const caseList = new CaseListModel();
