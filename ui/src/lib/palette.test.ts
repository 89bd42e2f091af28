import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SearchHits } from "./bindings/SearchHits";
import { busyCount } from "./busy";
import { PALETTE_DEBOUNCE_MS, PaletteModel, paletteItems } from "./palette.svelte";
import { summary } from "../test/fixtures";

const hits: SearchHits = {
  cases: [summary(1, { company_name: "Bakkerij De Korenaar" }), summary(2, { company_name: "Korenaar Logistiek" })],
  companies: [
    { id: "co-1", name: "Bakkerij De Korenaar B.V.", kvk: "71234567", province: "UT", latest_case_id: "id-1", case_count: 1 },
    { id: "co-9", name: "Korenaar Vastgoed", kvk: null, province: "NB", latest_case_id: null, case_count: 0 },
  ],
  financiers: [{ id: "fin-1", name: "Korenaar Fonds", financier_type: "rom" }],
  meetings: [],
};

let queries: string[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  queries = [];
  mockIPC((cmd, args) => {
    if (cmd !== "search_all") throw new Error(cmd);
    queries.push((args as { query: string }).query);
    return hits;
  });
});

afterEach(() => {
  vi.useRealTimers();
  clearMocks();
});

async function searched(model: PaletteModel, text: string): Promise<void> {
  model.setQuery(text);
  await vi.advanceTimersByTimeAsync(PALETTE_DEBOUNCE_MS + 5);
}

describe("palette items", () => {
  it("lists cases, then companies, then financiers; a company opens its latest case", () => {
    const items = paletteItems(hits);
    expect(items.map((i) => i.kind)).toEqual(["case", "case", "company", "company", "financier"]);
    expect(items[0]).toMatchObject({ title: "Bakkerij De Korenaar", detail: "2026-0001 · € 250.000", route: { name: "case", id: "id-1" } });
    expect(items[2].route).toEqual({ name: "case", id: "id-1" });
    expect(items[3].route).toBeNull();
    expect(items[4].route).toEqual({ name: "financier", id: "fin-1" });
  });
});

describe("palette keyboard model", () => {
  it("searches once after typing pauses, busy meanwhile, and highlights the first hit", async () => {
    const model = new PaletteModel();
    model.setQuery("k");
    model.setQuery("ko");
    expect(busyCount()).toBeGreaterThan(0);
    await searched(model, "korenaar");
    expect(queries).toEqual(["korenaar"]);
    expect(model.items).toHaveLength(5);
    expect(model.active).toBe(0);
    expect(busyCount()).toBe(0);
  });

  it("moves with the arrows, wrapping at both ends", async () => {
    const model = new PaletteModel();
    await searched(model, "korenaar");
    expect(model.key("ArrowUp")).toEqual({ type: "moved" });
    expect(model.active).toBe(4);
    model.key("ArrowDown");
    expect(model.active).toBe(0);
    model.key("ArrowDown");
    model.key("ArrowDown");
    expect(model.active).toBe(2);
  });

  it("opens the highlighted item with Enter and closes with Escape", async () => {
    const model = new PaletteModel();
    model.show();
    expect(model.key("Enter")).toEqual({ type: "none" }); // nothing found yet
    await searched(model, "korenaar");
    model.key("ArrowDown");
    model.key("ArrowDown");
    const action = model.key("Enter");
    expect(action.type).toBe("open");
    expect(action.type === "open" && action.item).toMatchObject({ kind: "company", id: "co-1", route: { name: "case", id: "id-1" } });
    expect(model.key("Escape")).toEqual({ type: "close" });
    expect(model.key("a")).toEqual({ type: "none" });
    model.hide();
    expect(model.open).toBe(false);
    expect(model.query).toBe("");
    expect(model.items).toHaveLength(0);
  });

  it("clears the results at once when the text is erased", async () => {
    const model = new PaletteModel();
    await searched(model, "korenaar");
    model.setQuery("");
    expect(model.items).toHaveLength(0);
    await vi.runAllTimersAsync();
    expect(queries).toEqual(["korenaar"]);
  });
});
