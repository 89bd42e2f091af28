// @vitest-environment jsdom
import { mockIPC } from "@tauri-apps/api/mocks";
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CaseFilter } from "../../lib/bindings/CaseFilter";
import { caseList, PAGE_SIZE, SEARCH_DEBOUNCE_MS } from "../../lib/caseList.svelte";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { router } from "../../lib/router.svelte";
import { pageOf, summaries, taxonomy, type PageArgs } from "../../test/fixtures";
import CaseListPage from "../cases/CaseListPage.svelte";
import { show, tearDown, unmountShown } from "../../test/mount";

let filters: CaseFilter[] = [];
let pages: PageArgs[] = [];
let rowCount = 3;
/** Pages from this offset on are held back (never answered), to show rows on their way. */
let holdFrom = Infinity;

beforeEach(() => {
  vi.useFakeTimers();
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  filters = [];
  pages = [];
  rowCount = 3;
  holdFrom = Infinity;
  router.route = { name: "cases" };
  caseList.query = "";
  caseList.status = "";
  caseList.capitalType = "";
  caseList.province = "";
  mockIPC((cmd, args) => {
    if (cmd !== "list_case_page") throw new Error(cmd);
    const page = args as PageArgs;
    filters.push(page.filter);
    pages.push(page);
    if (page.offset >= holdFrom) return new Promise(() => {});
    return pageOf(summaries(rowCount), args);
  });
});

afterEach(() => {
  tearDown();
  vi.useRealTimers();
});

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);

/** A list of 1,000 cases, shown and scrolled down to its 500th row, with that row's page loaded; its scroller. */
async function scrolledTo500(): Promise<HTMLElement> {
  rowCount = 1000;
  show(CaseListPage, {});
  await vi.runAllTimersAsync();
  flushSync();
  const scroller = $(".scroller")!;
  scroller.scrollTop = 500 * 44;
  scroller.dispatchEvent(new Event("scroll"));
  await vi.runAllTimersAsync();
  flushSync();
  return scroller;
}

describe("CaseListPage", () => {
  it("lists cases with the stable hooks, and searches after typing pauses", async () => {
    show(CaseListPage, {});
    await vi.runAllTimersAsync();
    flushSync();
    expect(filters).toHaveLength(1);
    expect($('[data-testid="case-count"]')!.textContent).toBe("3");
    const row = $('[data-testid="case-row"]')!;
    expect(row.getAttribute("data-case-id")).toBe("id-1");
    expect(row.getAttribute("data-case-number")).toBe("2026-0001");
    expect(row.textContent).toContain("Bedrijf 1");
    expect(row.textContent).toContain("€ 250.000");
    expect(row.textContent).toContain("01-03-2026");

    const search = $<HTMLInputElement>('[data-testid="case-search"]')!;
    search.value = "korenaar";
    search.dispatchEvent(new Event("input", { bubbles: true }));
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 5);
    flushSync();
    expect(filters).toHaveLength(2);
    expect(filters[1].query).toBe("korenaar");
  });

  it("filters with the selects; option values are taxonomy ids and '' is all", async () => {
    show(CaseListPage, {});
    await vi.runAllTimersAsync();
    const province = $<HTMLSelectElement>('[data-testid="filter-province"]')!;
    expect([...province.options].map((o) => o.value)).toEqual(["", "UT", "NB", "NH"]);
    province.value = "NB";
    province.dispatchEvent(new Event("change", { bubbles: true }));
    await vi.runAllTimersAsync();
    expect(filters.at(-1)!.provinces).toEqual(["NB"]);
    const status = $<HTMLSelectElement>('[data-testid="filter-status"]')!;
    status.value = "financed";
    status.dispatchEvent(new Event("change", { bubbles: true }));
    await vi.runAllTimersAsync();
    expect(filters.at(-1)!.statuses).toEqual(["financed"]);
  });

  it("sorts by clicking a column header, flipping direction on the second click", async () => {
    show(CaseListPage, {});
    await vi.runAllTimersAsync();
    $<HTMLButtonElement>('[data-testid="sort-amount"]')!.click();
    await vi.runAllTimersAsync();
    expect(filters.at(-1)!.sort).toEqual({ field: "amount", descending: false });
    $<HTMLButtonElement>('[data-testid="sort-amount"]')!.click();
    await vi.runAllTimersAsync();
    expect(filters.at(-1)!.sort).toEqual({ field: "amount", descending: true });
  });

  it("keeps only a window of rows in the DOM for 10,000 cases, and asks only for the first page", async () => {
    rowCount = 10_000;
    show(CaseListPage, {});
    await vi.runAllTimersAsync();
    flushSync();
    expect($('[data-testid="case-count"]')!.textContent).toBe("10.000");
    expect($(".count")!.textContent).toContain("casussen");
    expect(pages.map((p) => [p.offset, p.limit])).toEqual([[0, PAGE_SIZE]]);
    const rendered = document.querySelectorAll('[data-testid="case-row"]').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(60);
  });

  it("says 'casus' for one and shows the empty state for none", async () => {
    rowCount = 1;
    show(CaseListPage, {});
    await vi.runAllTimersAsync();
    flushSync();
    expect($(".count")!.textContent).toMatch(/^\s*1\s*casus\s/);
    expect($('[data-testid="case-list-empty"]')).toBeNull();

    rowCount = 0;
    caseList.setStatus("financed");
    await vi.runAllTimersAsync();
    flushSync();
    expect($('[data-testid="case-count"]')!.textContent).toBe("0");
    expect($('[data-testid="case-list-empty"]')).not.toBeNull();
    expect(document.querySelectorAll('[data-testid="case-row"]')).toHaveLength(0);
  });

  it("End goes to the last of 1,000 rows and asks for its page; it shows a placeholder until it comes", async () => {
    rowCount = 1000;
    holdFrom = PAGE_SIZE;
    show(CaseListPage, {});
    await vi.runAllTimersAsync();
    flushSync();
    expect($('[data-testid="case-count"]')!.textContent).toBe("1.000");
    expect(pages.map((p) => p.offset)).toEqual([0]);

    const listbox = $('[role="listbox"]')!;
    listbox.dispatchEvent(new KeyboardEvent("keydown", { key: "End", bubbles: true }));
    await vi.runAllTimersAsync();
    flushSync();
    expect(caseList.activeIndex).toBe(999);
    expect(listbox.getAttribute("aria-activedescendant")).toBe("case-row-999");
    expect(pages.map((p) => p.offset)).toContain(800);
    expect(pages.filter((p) => p.offset === 800)).toHaveLength(1);

    // Row 1,000 is on its way: a placeholder, not a case row, and Enter opens nothing.
    const last = $("#case-row-999")!;
    expect(last.querySelector('[data-testid="case-row-pending"]')).not.toBeNull();
    expect(last.querySelector('[data-testid="case-row"]')).toBeNull();
    expect(last.getAttribute("aria-busy")).toBe("true");
    listbox.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    last.click();
    flushSync();
    expect(router.route).toEqual({ name: "cases" });

    // Home: back to the loaded rows; Enter opens the first case.
    listbox.dispatchEvent(new KeyboardEvent("keydown", { key: "Home", bubbles: true }));
    await vi.runAllTimersAsync();
    flushSync();
    expect(caseList.activeIndex).toBe(0);
    expect($("#case-row-0 [data-testid='case-row']")!.getAttribute("data-case-id")).toBe("id-1");
    listbox.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    flushSync();
    expect(router.route).toEqual({ name: "case", id: "id-1" });
  });

  it("renders placeholders for rows scrolled to before their page arrives, then the rows", async () => {
    rowCount = 1000;
    show(CaseListPage, {});
    await vi.runAllTimersAsync();
    flushSync();
    let release: (() => void) | undefined;
    mockIPC((_cmd, args) => {
      pages.push(args as PageArgs);
      return new Promise((resolve) => (release = () => resolve(pageOf(summaries(rowCount), args))));
    });
    const scroller = $(".scroller")!;
    scroller.scrollTop = 500 * 44;
    scroller.dispatchEvent(new Event("scroll"));
    flushSync();
    expect(pages.at(-1)).toMatchObject({ offset: 400, limit: PAGE_SIZE });
    const pending = document.querySelectorAll('[data-testid="case-row-pending"]');
    expect(pending.length).toBeGreaterThan(0);
    expect(document.querySelectorAll('[data-testid="case-row"]')).toHaveLength(0);

    release!();
    await vi.runAllTimersAsync();
    flushSync();
    expect(document.querySelectorAll('[data-testid="case-row-pending"]')).toHaveLength(0);
    const ids = [...document.querySelectorAll<HTMLElement>('[data-testid="case-row"]')].map((r) => r.dataset.caseId);
    expect(ids).toContain("id-501");
  });

  it("is where it was on return from a case: same rows and scroll at once, then fresh ones", async () => {
    await scrolledTo500();
    unmountShown();
    document.body.innerHTML = "";

    pages = [];
    holdFrom = 0; // the reload waits: what shows first is what the model kept
    show(CaseListPage, {});
    flushSync();
    expect($(".scroller")!.scrollTop).toBe(500 * 44);
    const ids = [...document.querySelectorAll<HTMLElement>('[data-testid="case-row"]')].map((r) => r.dataset.caseId);
    expect(ids).toContain("id-501");
    expect(document.querySelectorAll('[data-testid="case-row-pending"]')).toHaveLength(0);
    // The reload asks for the first page and the one in view, not for everything it had.
    expect(pages.map((p) => p.offset).sort((a, b) => a - b)).toEqual([0, 400]);
  });

  it("goes back to the top on a new search, asking only for the new filter's first page", async () => {
    const scroller = await scrolledTo500();
    expect(document.querySelector<HTMLElement>('[data-testid="case-row"]')!.dataset.caseId).not.toBe("id-1");

    pages = [];
    const search = $<HTMLInputElement>('[data-testid="case-search"]')!;
    search.value = "bakker";
    search.dispatchEvent(new Event("input", { bubbles: true }));
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 5);
    await vi.runAllTimersAsync();
    flushSync();
    expect(pages.map((p) => [p.filter.query, p.offset])).toEqual([["bakker", 0]]);
    expect(scroller.scrollTop).toBe(0);
    expect(caseList.activeIndex).toBe(0);
    expect(document.querySelector<HTMLElement>('[data-testid="case-row"]')!.dataset.caseId).toBe("id-1");
  });
});
