// @vitest-environment jsdom
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { flushSync, mount, unmount } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CaseFilter } from "../../lib/bindings/CaseFilter";
import { caseList, SEARCH_DEBOUNCE_MS } from "../../lib/caseList.svelte";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { summary, taxonomy } from "../../test/fixtures";
import CaseListPage from "../cases/CaseListPage.svelte";

let component: ReturnType<typeof mount> | undefined;
let filters: CaseFilter[] = [];
let rowCount = 3;

beforeEach(() => {
  vi.useFakeTimers();
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  filters = [];
  rowCount = 3;
  caseList.query = "";
  caseList.status = "";
  caseList.capitalType = "";
  caseList.province = "";
  mockIPC((cmd, args) => {
    if (cmd !== "list_cases") throw new Error(cmd);
    filters.push((args as { filter: CaseFilter }).filter);
    return Array.from({ length: rowCount }, (_, i) => summary(i + 1));
  });
});

afterEach(() => {
  if (component) unmount(component);
  component = undefined;
  clearMocks();
  vi.useRealTimers();
});

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);

describe("CaseListPage", () => {
  it("lists cases with the stable hooks, and searches after typing pauses", async () => {
    component = mount(CaseListPage, { target: document.body });
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
    component = mount(CaseListPage, { target: document.body });
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
    component = mount(CaseListPage, { target: document.body });
    await vi.runAllTimersAsync();
    $<HTMLButtonElement>('[data-testid="sort-amount"]')!.click();
    await vi.runAllTimersAsync();
    expect(filters.at(-1)!.sort).toEqual({ field: "amount", descending: false });
    $<HTMLButtonElement>('[data-testid="sort-amount"]')!.click();
    await vi.runAllTimersAsync();
    expect(filters.at(-1)!.sort).toEqual({ field: "amount", descending: true });
  });

  it("keeps only a window of rows in the DOM for 10,000 cases", async () => {
    rowCount = 10_000;
    component = mount(CaseListPage, { target: document.body });
    await vi.runAllTimersAsync();
    flushSync();
    expect($('[data-testid="case-count"]')!.textContent).toBe("10.000");
    const rendered = document.querySelectorAll('[data-testid="case-row"]').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(60);
  });
});
