import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CaseFilter } from "./bindings/CaseFilter";
import type { SavedView } from "./bindings/SavedView";
import { advancedCount, amountInvalid, criteriaFromFilter, criteriaToFilter, emptyCriteria, isFiltered } from "./caseFilter";
import { CaseListModel, SEARCH_DEBOUNCE_MS } from "./caseList.svelte";
import { pageOf, summary } from "../test/fixtures";

describe("criteria → CaseFilter", () => {
  it("sends amounts typed in euros as cents, the way the core reads amounts", () => {
    const c = { ...emptyCriteria(), amountMin: "250.000", amountMax: "1,2 mln" };
    const f = criteriaToFilter(c, null);
    expect(f.amount_min_cents).toBe(25_000_000);
    expect(f.amount_max_cents).toBe(120_000_000);
    expect(criteriaToFilter({ ...c, amountMin: "€ 850k", amountMax: "1.250,50" }, null)).toMatchObject({
      amount_min_cents: 85_000_000,
      amount_max_cents: 125_050,
    });
  });

  it("leaves out an amount that is not one, and marks it", () => {
    const f = criteriaToFilter({ ...emptyCriteria(), amountMin: "veel", amountMax: "" }, null);
    expect(f.amount_min_cents).toBeNull();
    expect(f.amount_max_cents).toBeNull();
    expect(amountInvalid("veel")).toBe(true);
    expect(amountInvalid("")).toBe(false);
    expect(amountInvalid("1,5 mln")).toBe(false);
  });

  it("maps every other criterion to its CaseFilter field", () => {
    const f = criteriaToFilter(
      {
        ...emptyCriteria(),
        query: "  bakker ",
        statuses: ["screening"],
        capitalTypes: ["equity"],
        provinces: ["UT"],
        stages: ["growth"],
        sectors: ["energy"],
        purposes: ["working_capital"],
        sources: ["bank_decline"],
        disclosures: ["named"],
        owner: " marieke ",
        intakeFrom: "2026-01-01",
        intakeTo: "2026-12-31",
        openOnly: true,
        consentExpiringWithinDays: 30,
      },
      { field: "amount", descending: true },
    );
    expect(f).toEqual({
      query: "bakker",
      statuses: ["screening"],
      capital_types: ["equity"],
      provinces: ["UT"],
      stages: ["growth"],
      sectors: ["energy"],
      purposes: ["working_capital"],
      sources: ["bank_decline"],
      disclosures: ["named"],
      owner: "marieke",
      open_only: true,
      amount_min_cents: null,
      amount_max_cents: null,
      intake_from: "2026-01-01",
      intake_to: "2026-12-31",
      consent_expiring_within_days: 30,
      next_action_due_within_days: null,
      as_of: null,
      sort: { field: "amount", descending: true },
      limit: null,
    });
  });

  it("reads a saved view's filter back into criteria (cents as euro text)", () => {
    const c = criteriaFromFilter({ owner: "marieke", open_only: true, amount_min_cents: 25_000_000, statuses: ["presented", "matching"] });
    expect(c).toMatchObject({ owner: "marieke", openOnly: true, amountMin: "250.000", amountMax: "", statuses: ["presented", "matching"] });
    expect(criteriaToFilter(c, null).amount_min_cents).toBe(25_000_000);
    expect(advancedCount(c)).toBe(3);
    expect(isFiltered(c)).toBe(true);
    expect(isFiltered(emptyCriteria())).toBe(false);
  });
});

describe("case list with views and more filters", () => {
  let requests: CaseFilter[] = [];

  beforeEach(() => {
    vi.useFakeTimers();
    requests = [];
    mockIPC((cmd, args) => {
      if (cmd !== "list_case_page") throw new Error(cmd);
      requests.push((args as { filter: CaseFilter }).filter);
      return pageOf([summary(1)], args);
    });
  });

  afterEach(() => {
    vi.useRealTimers();
    clearMocks();
  });

  const view = (filter: Partial<CaseFilter>): SavedView => ({ id: "builtin:mine", name: "Mijn open casussen", builtin: true, filter: filter as CaseFilter });

  it("applies a view's filter, names it active and opens more filters for its criteria", async () => {
    const model = new CaseListModel();
    model.applyView(view({ owner: "marieke", open_only: true, sort: null }));
    await vi.runAllTimersAsync();
    expect(requests.at(-1)).toMatchObject({ owner: "marieke", open_only: true, sort: { field: "intake_date", descending: true } });
    expect(model.activeViewId).toBe("builtin:mine");
    expect(model.showMore).toBe(true);
  });

  it("forgets the active view as soon as a criterion changes", async () => {
    const model = new CaseListModel();
    model.applyView(view({ statuses: ["presented", "matching", "in_assessment"] }));
    expect(model.status).toBe(""); // several statuses: the single select shows none of them
    model.setTyped("amountMin", "1 mln");
    expect(model.activeViewId).toBeNull();
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS + 5);
    expect(requests.at(-1)).toMatchObject({ statuses: ["presented", "matching", "in_assessment"], amount_min_cents: 100_000_000 });
    model.clearFilters();
    await vi.runAllTimersAsync();
    expect(requests.at(-1)).toMatchObject({ statuses: [], amount_min_cents: null });
  });
});
