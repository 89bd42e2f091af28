// @vitest-environment jsdom
import { mockIPC } from "@tauri-apps/api/mocks";
import { flushSync } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PALETTE_DEBOUNCE_MS, palette } from "../../lib/palette.svelte";
import { router } from "../../lib/router.svelte";
import { setTaxonomy } from "../../lib/taxonomy.svelte";
import { summary, taxonomy } from "../../test/fixtures";
import CommandPalette from "../shell/CommandPalette.svelte";
import { show, tearDown } from "../../test/mount";


beforeEach(() => {
  vi.useFakeTimers();
  setTaxonomy(taxonomy);
  document.body.innerHTML = "";
  router.route = { name: "cases" };
  mockIPC(() => ({
    cases: [summary(7, { company_name: "Bakkerij De Korenaar" })],
    companies: [{ id: "co-1", name: "Bakkerij De Korenaar B.V.", kvk: "71234567", province: "UT", latest_case_id: "id-7", case_count: 1 }],
    financiers: [{ id: "fin-1", name: "Korenaar Fonds", financier_type: "rom" }],
  }));
});

afterEach(() => {
  palette.hide();
  tearDown();
  vi.useRealTimers();
});

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);
const key = (el: Element, k: string) => el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true }));

describe("Command palette", () => {
  it("shows grouped results with their kinds; arrows move and Enter opens", async () => {
    show(CommandPalette, {});
    palette.show();
    await vi.runAllTimersAsync();
    flushSync();
    const input = $<HTMLInputElement>('[data-testid="palette-input"]')!;
    expect($('[data-testid="palette"]')).not.toBeNull();
    expect(document.activeElement).toBe(input);

    input.value = "korenaar";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await vi.advanceTimersByTimeAsync(PALETTE_DEBOUNCE_MS + 5);
    flushSync();
    const items = [...document.querySelectorAll('[data-testid="palette-item"]')];
    expect(items.map((i) => i.getAttribute("data-kind"))).toEqual(["case", "company", "financier"]);
    expect(document.body.textContent).toContain("Casussen");
    expect(document.body.textContent).toContain("Bedrijven");
    expect(items[2].textContent).toContain("Regionale ontwikkelingsmaatschappij (ROM)");
    expect(items[0].getAttribute("aria-selected")).toBe("true");

    key(input, "ArrowDown");
    key(input, "ArrowDown");
    flushSync();
    expect(items[2].getAttribute("aria-selected")).toBe("true");
    key(input, "Enter");
    flushSync();
    expect(router.route).toEqual({ name: "financier", id: "fin-1" });
    expect($('[data-testid="palette"]')).toBeNull();
  });

  it("closes with Escape without letting the page behind react", async () => {
    const pageKeys = vi.fn();
    window.addEventListener("keydown", pageKeys);
    show(CommandPalette, {});
    palette.show();
    await vi.runAllTimersAsync();
    flushSync();
    key($('[data-testid="palette-input"]')!, "Escape");
    flushSync();
    expect($('[data-testid="palette"]')).toBeNull();
    expect(pageKeys).not.toHaveBeenCalled();
    window.removeEventListener("keydown", pageKeys);
  });
});
