import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CaseFilter } from "./bindings/CaseFilter";
import { CaseListModel, SEARCH_DEBOUNCE_MS } from "./caseList.svelte";
import { busyCount } from "./busy";
import { summary } from "../test/fixtures";

let requests: CaseFilter[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  requests = [];
  mockIPC((cmd, args) => {
    if (cmd !== "list_cases") throw new Error(cmd);
    const filter = (args as { filter: CaseFilter }).filter;
    requests.push(filter);
    return [summary(1, { company_name: `Gevonden voor ${filter.query ?? "alles"}` })];
  });
});

afterEach(() => {
  vi.useRealTimers();
  clearMocks();
});

describe("case list", () => {
  it("asks list_cases for newest intake first, with no filters", async () => {
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
    expect(model.rows).toHaveLength(1);
  });

  it("searches once, after the typing pauses, with filter.query", async () => {
    const model = new CaseListModel();
    model.setQuery("b");
    model.setQuery("ba");
    model.setQuery("bakker");
    expect(requests).toHaveLength(0);
    expect(busyCount()).toBeGreaterThan(0); // busy while the search is pending
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 10);
    expect(requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(20);
    expect(requests).toHaveLength(1);
    expect(requests[0].query).toBe("bakker");
    expect(model.rows[0].company_name).toBe("Gevonden voor bakker");
    expect(busyCount()).toBe(0);
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
      const query = (args as { filter: CaseFilter }).filter.query;
      return new Promise((resolve) => resolvers.push(() => resolve([summary(query === "oud" ? 1 : 2)])));
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
    expect(model.rows[0].id).toBe("id-2");
  });

  it("keeps the rows and shows the error when loading fails", async () => {
    const model = new CaseListModel();
    await model.load();
    mockIPC(() => Promise.reject({ code: "database", message: "Databasefout", message_en: "Database error", fields: [], rows: [] }));
    await model.load();
    expect(model.rows).toHaveLength(1);
    expect(model.error?.code).toBe("database");
  });
});
