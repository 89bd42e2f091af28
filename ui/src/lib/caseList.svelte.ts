// The case list's search, filters, sort and rows; kept while the user visits a case.

import { api, type CaseFilterInput } from "./api";
import type { CapitalType } from "./bindings/CapitalType";
import type { CaseSort } from "./bindings/CaseSort";
import type { CaseSortField } from "./bindings/CaseSortField";
import type { CaseStatus } from "./bindings/CaseStatus";
import type { CaseSummary } from "./bindings/CaseSummary";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { Province } from "./bindings/Province";
import { beginBusy } from "./busy";

export const SEARCH_DEBOUNCE_MS = 150;

export const DEFAULT_SORT: CaseSort = { field: "intake_date", descending: true };

export class CaseListModel {
  query = $state("");
  status = $state<CaseStatus | "">("");
  capitalType = $state<CapitalType | "">("");
  province = $state<Province | "">("");
  sort = $state<CaseSort>({ ...DEFAULT_SORT });
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

  /** The filter sent to `list_cases` (criteria not shown in the list are left to the core's defaults). */
  filter(): CaseFilterInput {
    const query = this.query.trim();
    return {
      query: query === "" ? null : query,
      statuses: this.status ? [this.status] : [],
      capital_types: this.capitalType ? [this.capitalType] : [],
      provinces: this.province ? [this.province] : [],
      owner: null,
      sort: { ...this.sort },
      limit: null,
    };
  }

  get filtered(): boolean {
    return this.query.trim() !== "" || this.status !== "" || this.capitalType !== "" || this.province !== "";
  }

  /** New search text: loads after a short pause in typing. */
  setQuery(text: string): void {
    this.query = text;
    this.schedule(SEARCH_DEBOUNCE_MS);
  }

  setStatus(value: CaseStatus | ""): void {
    this.status = value;
    void this.load();
  }

  setCapitalType(value: CapitalType | ""): void {
    this.capitalType = value;
    void this.load();
  }

  setProvince(value: Province | ""): void {
    this.province = value;
    void this.load();
  }

  clearFilters(): void {
    this.query = "";
    this.status = "";
    this.capitalType = "";
    this.province = "";
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
