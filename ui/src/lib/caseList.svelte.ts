// The case list's search, filters, active view, sort and rows; kept while the user visits a case.

import { api, type CaseFilterInput } from "./api";
import type { CapitalType } from "./bindings/CapitalType";
import type { CaseSort } from "./bindings/CaseSort";
import type { CaseSortField } from "./bindings/CaseSortField";
import type { CaseStatus } from "./bindings/CaseStatus";
import type { CaseSummary } from "./bindings/CaseSummary";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { Province } from "./bindings/Province";
import type { SavedView } from "./bindings/SavedView";
import { beginBusy } from "./busy";
import { advancedCount, criteriaFromFilter, criteriaToFilter, emptyCriteria, isFiltered, type ListCriteria } from "./caseFilter";

export const SEARCH_DEBOUNCE_MS = 150;

export const DEFAULT_SORT: CaseSort = { field: "intake_date", descending: true };

export class CaseListModel {
  criteria = $state<ListCriteria>(emptyCriteria());
  sort = $state<CaseSort>({ ...DEFAULT_SORT });
  /** The saved view whose filter is applied; cleared as soon as a criterion changes. */
  activeViewId = $state<string | null>(null);
  /** "Meer filters" is open. */
  showMore = $state(false);
  rows = $state.raw<CaseSummary[]>([]);
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

  #lastFilterKey = "";

  #timer: ReturnType<typeof setTimeout> | undefined;
  #endPending: (() => void) | undefined;
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

  /** The filter sent to `list_cases` (and saved as a view, or exported). */
  filter(): CaseFilterInput {
    return criteriaToFilter(this.criteria, this.sort);
  }

  get filtered(): boolean {
    return isFiltered(this.criteria);
  }

  /** New search text: loads after a short pause in typing. */
  setQuery(text: string): void {
    this.query = text;
    this.activeViewId = null;
    this.schedule(SEARCH_DEBOUNCE_MS);
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
    this.#cancelTimer();
    this.#endPending = beginBusy();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const end = this.#endPending;
      this.#endPending = undefined;
      void this.load().finally(() => end?.());
    }, delay);
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#endPending?.();
    this.#endPending = undefined;
  }

  /** Loads the rows now; an answer to an older request is dropped. */
  async load(): Promise<void> {
    this.#cancelTimer();
    const sequence = ++this.#sequence;
    const end = beginBusy();
    const filter = this.filter();
    const filterKey = JSON.stringify(filter);
    this.loading = true;
    try {
      const rows = await api.listCases(filter);
      if (sequence !== this.#sequence) return;
      if (filterKey !== this.#lastFilterKey) {
        this.#lastFilterKey = filterKey;
        this.activeIndex = 0;
        this.scrollTop = 0;
        this.resetToken += 1;
      }
      this.rows = rows;
      this.error = null;
      this.loaded = true;
      if (this.activeIndex >= rows.length) this.activeIndex = Math.max(0, rows.length - 1);
    } catch (err) {
      if (sequence !== this.#sequence) return;
      this.error = err as ErrorPayload;
    } finally {
      if (sequence === this.#sequence) this.loading = false;
      end();
    }
  }
}

/** The one list of the app. */
export const caseList = new CaseListModel();
