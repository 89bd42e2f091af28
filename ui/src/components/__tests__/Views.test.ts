// @vitest-environment jsdom
import { mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CaseFilter } from "../../lib/bindings/CaseFilter";
import type { SavedView } from "../../lib/bindings/SavedView";
import { emptyCriteria } from "../../lib/caseFilter";
import { caseList } from "../../lib/caseList.svelte";
import { router } from "../../lib/router.svelte";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { loadViews, views } from "../../lib/views.svelte";
import { pageOf, summary, taxonomy } from "../../test/fixtures";
import CaseListPage from "../cases/CaseListPage.svelte";
import ViewList from "../shell/ViewList.svelte";
import { show, tearDown } from "../../test/mount";
import { settle } from "../../test/dom";

let calls: [string, Record<string, unknown>][] = [];
let stored: SavedView[] = [];

const builtin: SavedView = {
  id: "builtin:mine",
  name: "Mijn open casussen",
  builtin: true,
  filter: { owner: "marieke", open_only: true } as CaseFilter,
};
const mine: SavedView = { id: "view-1", name: "Utrecht groot", builtin: false, filter: { provinces: ["UT"], amount_min_cents: 100_000_000 } as CaseFilter };

beforeEach(async () => {
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  router.route = { name: "cases" };
  caseList.criteria = emptyCriteria();
  caseList.activeViewId = null;
  caseList.showMore = false;
  calls = [];
  stored = [mine];
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    switch (cmd) {
      case "list_views":
        return [builtin, ...stored];
      case "list_case_page":
        return pageOf([summary(1)], args);
      case "save_view": {
        const { name, filter } = args as { name: string; filter: CaseFilter };
        if (name.trim() === "") return Promise.reject({ code: "invalid_input", message: "Geef de weergave een naam.", message_en: "", fields: [{ field: "name", code: "required", message: "Geef de weergave een naam.", message_en: "Give the view a name." }], rows: [] });
        const view = { id: "view-2", name, builtin: false, filter };
        stored = [...stored, view];
        return view;
      }
      case "delete_view":
        stored = stored.filter((v) => v.id !== (args as { id: string }).id);
        return null;
    }
    throw new Error(cmd);
  });
  await loadViews();
});

afterEach(tearDown);

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);
const $$ = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)];

describe("Saved views", () => {
  it("lists built-in views first; a click applies the filter and marks the view active", async () => {
    show(ViewList, {});
    show(CaseListPage, {});
    await settle();
    const items = $$('[data-testid="view-item"]');
    expect(items.map((i) => i.dataset.viewId)).toEqual(["builtin:mine", "view-1"]);
    expect(items[0].textContent!.trim()).toBe("Mijn open casussen");
    expect(items[0].querySelector('[data-testid="view-delete"]')).toBeNull();
    expect(items[1].querySelector('[data-testid="view-delete"]')).not.toBeNull();

    items[1].querySelector("button")!.click();
    await settle();
    expect(calls.filter(([c]) => c === "list_case_page").at(-1)![1].filter).toMatchObject({ provinces: ["UT"], amount_min_cents: 100_000_000 });
    expect($('[data-view-id="view-1"]')!.getAttribute("aria-current")).toBe("true");
    expect($('[data-view-id="builtin:mine"]')!.getAttribute("aria-current")).toBeNull();
    expect($('[data-testid="active-view"]')!.textContent).toContain("Utrecht groot");
    expect($<HTMLInputElement>('[data-testid="filter-amount-min"]')!.value).toBe("1.000.000");
  });

  it("saves the current filter under a name typed inline", async () => {
    show(ViewList, {});
    show(CaseListPage, {});
    await settle();
    const province = $<HTMLSelectElement>('[data-testid="filter-province"]')!;
    province.value = "NB";
    province.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();

    $<HTMLButtonElement>('[data-testid="save-view"]')!.click();
    await settle();
    const name = $<HTMLInputElement>('[data-testid="view-name"]')!;
    expect(document.activeElement).toBe(name);
    $<HTMLButtonElement>('[data-testid="view-save-confirm"]')!.click();
    await settle();
    expect($('[data-testid="field-error"][data-field="name"]')!.textContent).toContain("Geef de weergave een naam.");

    name.value = "Brabant";
    name.dispatchEvent(new Event("input", { bubbles: true }));
    name.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    await settle();
    const saved = calls.filter(([c]) => c === "save_view").at(-1)![1];
    expect(saved.name).toBe("Brabant");
    expect(saved.filter).toMatchObject({ provinces: ["NB"] });
    expect($('[data-view-id="view-2"]')!.getAttribute("aria-current")).toBe("true");
    expect($('[data-testid="view-name"]')).toBeNull();
  });

  it("deletes a user's view", async () => {
    show(ViewList, {});
    await settle();
    $<HTMLButtonElement>('[data-view-id="view-1"] [data-testid="view-delete"]')!.click();
    await settle();
    expect(calls.find(([c]) => c === "delete_view")![1]).toEqual({ id: "view-1" });
    expect($$('[data-testid="view-item"]').map((i) => i.dataset.viewId)).toEqual(["builtin:mine"]);
    expect(views.list).toHaveLength(1);
  });
});
