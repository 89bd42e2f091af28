import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CaseFilter } from "./bindings/CaseFilter";
import type { CasePage } from "./bindings/CasePage";
import { CaseListModel, PAGE_SIZE, pagesOf, SEARCH_DEBOUNCE_MS } from "./caseList.svelte";
import { busyCount } from "./busy";
import { pageOf, summaries, summary, type PageArgs } from "../test/fixtures";

let requests: CaseFilter[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  requests = [];
  mockIPC((cmd, args) => {
    if (cmd !== "list_case_page") throw new Error(cmd);
    const filter = (args as PageArgs).filter;
    requests.push(filter);
    return pageOf([summary(1, { company_name: `Gevonden voor ${filter.query ?? "alles"}` })], args);
  });
});

afterEach(() => {
  vi.useRealTimers();
  clearMocks();
});

describe("case list", () => {
  it("asks list_case_page for newest intake first, with no filters", async () => {
    const model = new CaseListModel();
    await model.load();
    expect(requests).toEqual([
      {
        query: null,
        statuses: [],
        capital_types: [],
        provinces: [],
        stages: [],
        sectors: [],
        purposes: [],
        sources: [],
        disclosures: [],
        owner: null,
        open_only: false,
        amount_min_cents: null,
        amount_max_cents: null,
        intake_from: null,
        intake_to: null,
        consent_expiring_within_days: null,
        next_action_due_within_days: null,
        as_of: null,
        sort: { field: "intake_date", descending: true },
        limit: null,
      },
    ]);
    expect(model.count).toBe(1);
    expect(model.rowAt(0)?.id).toBe("id-1");
  });

  it("searches at the first keystroke; keys typed while it loads load once after it, with the text then", async () => {
    const model = new CaseListModel();
    model.setQuery("b");
    expect(requests.map((r) => r.query)).toEqual(["b"]); // no pause: the first key asks at once
    model.setQuery("ba");
    model.setQuery("bakker");
    expect(requests).toHaveLength(1); // the others wait for the answer on its way
    expect(busyCount()).toBeGreaterThan(0); // busy while a search is pending
    await vi.advanceTimersByTimeAsync(0);
    await vi.runAllTimersAsync();
    expect(requests.map((r) => r.query)).toEqual(["b", "bakker"]);
    expect(model.query).toBe("bakker");
    expect(model.rowAt(0)?.company_name).toBe("Gevonden voor bakker");
    expect(busyCount()).toBe(0);
    model.setQuery("bakkerij");
    await vi.runAllTimersAsync();
    expect(requests.map((r) => r.query)).toEqual(["b", "bakker", "bakkerij"]); // one request per pause
  });

  it("sends blank search as null", async () => {
    const model = new CaseListModel();
    model.setQuery("   ");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(requests[0].query).toBeNull();
  });

  it("filters by status, capital type and province at once", async () => {
    const model = new CaseListModel();
    model.setStatus("screening");
    model.setCapitalType("equity");
    model.setProvince("NB");
    await vi.runAllTimersAsync();
    const last = requests.at(-1)!;
    expect(last.statuses).toEqual(["screening"]);
    expect(last.capital_types).toEqual(["equity"]);
    expect(last.provinces).toEqual(["NB"]);
    model.setStatus("");
    await vi.runAllTimersAsync();
    expect(requests.at(-1)!.statuses).toEqual([]);
  });

  it("toggles the sort direction on the same column and starts ascending on another", async () => {
    const model = new CaseListModel();
    model.toggleSort("intake_date");
    expect(model.sort).toEqual({ field: "intake_date", descending: false });
    model.toggleSort("amount");
    expect(model.sort).toEqual({ field: "amount", descending: false });
    model.toggleSort("amount");
    await vi.runAllTimersAsync();
    expect(requests.at(-1)!.sort).toEqual({ field: "amount", descending: true });
  });

  it("drops an answer that arrives after a newer request", async () => {
    const resolvers: (() => void)[] = [];
    mockIPC((_cmd, args) => {
      const query = (args as PageArgs).filter.query;
      return new Promise((resolve) => resolvers.push(() => resolve(pageOf([summary(query === "oud" ? 1 : 2)], args))));
    });
    const model = new CaseListModel();
    model.query = "oud";
    const first = model.load();
    model.query = "nieuw";
    const second = model.load();
    resolvers[1]();
    await second;
    resolvers[0]();
    await first;
    expect(model.rowAt(0)?.id).toBe("id-2");
  });

  it("keeps the rows and shows the error when loading fails", async () => {
    const model = new CaseListModel();
    await model.load();
    mockIPC(() => Promise.reject({ code: "database", message: "Databasefout", message_en: "Database error", fields: [], rows: [] }));
    await model.load();
    expect(model.rowAt(0)?.id).toBe("id-1");
    expect(model.error?.code).toBe("database");
  });
});

describe("case list in pages", () => {
  let pageRequests: PageArgs[] = [];
  /** The cases the mock core holds for each search text ("" for all). */
  let cases: Record<string, ReturnType<typeof summaries>> = {};
  /** When set, answers wait until released (by `release`), to test answers out of order. */
  let held: { args: PageArgs; resolve: () => void }[] | null = null;

  beforeEach(() => {
    pageRequests = [];
    held = null;
    cases = { "": summaries(1000), bakker: summaries(3).map((s) => ({ ...s, company_name: `Bakker ${s.id}` })) };
    mockIPC((cmd, args) => {
      if (cmd !== "list_case_page") throw new Error(cmd);
      const page = args as PageArgs;
      pageRequests.push(page);
      const answer = (): CasePage => pageOf(cases[page.filter.query ?? ""] ?? [], args);
      if (!held) return answer();
      return new Promise<CasePage>((resolve) => held!.push({ args: page, resolve: () => resolve(answer()) }));
    });
  });

  const offsets = () => pageRequests.map((r) => r.offset);

  it("splits a range of rows into pages", () => {
    expect(pagesOf(0, 1)).toEqual([0]);
    expect(pagesOf(0, PAGE_SIZE)).toEqual([0]);
    expect(pagesOf(PAGE_SIZE - 1, PAGE_SIZE + 1)).toEqual([0, 1]);
    expect(pagesOf(450, 470)).toEqual([2]);
    expect(pagesOf(5, 5)).toEqual([]);
  });

  it("loads only the first page, and counts every matching case", async () => {
    const model = new CaseListModel();
    await model.load();
    expect(pageRequests).toHaveLength(1);
    expect(pageRequests[0]).toMatchObject({ offset: 0, limit: PAGE_SIZE });
    expect(model.total).toBe(1000);
    expect(model.count).toBe(1000);
    expect(model.rowAt(0)?.id).toBe("id-1");
    expect(model.rowAt(PAGE_SIZE - 1)?.id).toBe(`id-${PAGE_SIZE}`);
    expect(model.rowAt(PAGE_SIZE)).toBeUndefined();
  });

  it("asks for exactly the pages of a range that are missing, once", async () => {
    const model = new CaseListModel();
    await model.load();
    model.ensureRange(450, 470);
    model.ensureRange(452, 472); // still on its way: not asked again
    await vi.runAllTimersAsync();
    expect(offsets()).toEqual([0, 400]);
    expect(pageRequests[1].limit).toBe(PAGE_SIZE);
    expect(model.rowAt(450)?.id).toBe("id-451");
    expect(model.rowAt(300)).toBeUndefined();

    model.ensureRange(150, 460); // pages 0 and 2 are there; only 1 is missing
    await vi.runAllTimersAsync();
    expect(offsets()).toEqual([0, 400, 200]);
    expect(model.rowAt(300)?.id).toBe("id-301");

    model.ensureRange(990, 1100); // past the end: only the last page
    await vi.runAllTimersAsync();
    expect(offsets()).toEqual([0, 400, 200, 800]);
    expect(model.rowAt(999)?.id).toBe("id-1000");
    expect(busyCount()).toBe(0);
  });

  it("drops a page that arrives after the filter changed", async () => {
    const model = new CaseListModel();
    await model.load();
    held = [];
    model.ensureRange(450, 470); // for all cases, held
    model.query = "bakker";
    const loading = model.load(); // held too
    const [oldPage, newFirst] = held;
    expect(oldPage.args).toMatchObject({ offset: 400, filter: { query: null } });
    expect(newFirst.args).toMatchObject({ offset: 0, filter: { query: "bakker" } });
    newFirst.resolve();
    await loading;
    oldPage.resolve();
    await vi.runAllTimersAsync();
    expect(model.count).toBe(3);
    expect(model.rowAt(0)?.company_name).toBe("Bakker id-1");
    expect(model.rowAt(450)).toBeUndefined();
  });

  it("drops pages and goes back to the top when the filter or sort changes", async () => {
    const model = new CaseListModel();
    await model.load();
    model.ensureRange(450, 470);
    await vi.runAllTimersAsync();
    model.activeIndex = 455;
    model.scrollTop = 455 * 44;
    const token = model.resetToken;

    model.toggleSort("amount");
    await vi.runAllTimersAsync();
    expect(model.resetToken).toBe(token + 1);
    expect(model.activeIndex).toBe(0);
    expect(model.scrollTop).toBe(0);
    expect(model.rowAt(0)?.id).toBe("id-1");
    expect(model.rowAt(450)).toBeUndefined();
    const sorted = pageRequests.filter((r) => r.filter.sort?.field === "amount");
    expect(sorted.map((r) => r.offset)).toEqual([0]);

    pageRequests = [];
    model.setQuery("bakker");
    await vi.runAllTimersAsync();
    expect(offsets()).toEqual([0]);
    expect(model.count).toBe(3);
    expect(model.resetToken).toBe(token + 2);
  });

  it("keeps its place when loaded again with the same filter (back from a case), with fresh rows", async () => {
    const model = new CaseListModel();
    await model.load();
    model.ensureRange(430, 470);
    await vi.runAllTimersAsync();
    model.ensureRange(1, 20);
    await vi.runAllTimersAsync();
    model.ensureRange(430, 470);
    model.activeIndex = 450;
    model.scrollTop = 450 * 44;
    const token = model.resetToken;
    cases[""] = cases[""].map((s) => (s.id === "id-451" ? { ...s, company_name: "Bijgewerkt" } : s));

    pageRequests = [];
    await model.load();
    expect(offsets().sort((a, b) => a - b)).toEqual([0, 400]);
    expect(model.resetToken).toBe(token);
    expect(model.activeIndex).toBe(450);
    expect(model.scrollTop).toBe(450 * 44);
    expect(model.rowAt(450)?.company_name).toBe("Bijgewerkt");
    expect(model.count).toBe(1000);
  });

  it("shows an error when a page fails, and asks for it again later", async () => {
    const model = new CaseListModel();
    await model.load();
    mockIPC(() => Promise.reject({ code: "database", message: "Databasefout", message_en: "Database error", fields: [], rows: [] }));
    model.ensureRange(450, 470);
    await vi.runAllTimersAsync();
    expect(model.error?.code).toBe("database");
    expect(model.rowAt(450)).toBeUndefined();
    mockIPC((_cmd, args) => pageOf(cases[""], args));
    model.ensureRange(450, 470);
    await vi.runAllTimersAsync();
    expect(model.rowAt(450)?.id).toBe("id-451");
  });
});
