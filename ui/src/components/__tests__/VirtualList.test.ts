// @vitest-environment jsdom
import { createRawSnippet, flushSync } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import VirtualList from "../common/VirtualList.svelte";
import { show, tearDown } from "../../test/mount";


afterEach(() => {
  tearDown();
  document.body.innerHTML = "";
});

const row = createRawSnippet((item: () => string) => ({ render: () => `<span class="item">${item()}</span>` }));
const $$ = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)];
const press = (key: string) => document.querySelector('[role="listbox"]')!.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));

describe("VirtualList", () => {
  it("shows an array of rows and opens the highlighted one", () => {
    const onopen = vi.fn();
    const items = Array.from({ length: 500 }, (_, i) => `rij ${i + 1}`);
    show(VirtualList<string>, { props: { items, key: (s: string) => s, row, label: "Rijen", onopen } });
    flushSync();
    const shown = $$(".item").map((e) => e.textContent);
    expect(shown[0]).toBe("rij 1");
    expect(shown.length).toBeLessThan(40);
    press("End");
    flushSync();
    expect($$(".item").map((e) => e.textContent)).toContain("rij 500");
    press("Enter");
    expect(onopen).toHaveBeenCalledWith("rij 500", 499);
  });

  it("shows rows by position, with a placeholder for those not loaded, and says which rows are in view", () => {
    const onopen = vi.fn();
    const ranges: [number, number][] = [];
    show(VirtualList<string>, {
      props: {
        count: 1000,
        itemAt: (i: number) => (i < 3 ? `rij ${i + 1}` : undefined),
        row,
        label: "Rijen",
        idPrefix: "x",
        onopen,
        onrange: (start: number, end: number) => ranges.push([start, end]),
      },
    });
    flushSync();
    expect($$(".item").map((e) => e.textContent)).toEqual(["rij 1", "rij 2", "rij 3"]);
    expect($$('[data-testid="x-pending"]').length).toBeGreaterThan(0);
    expect(ranges[0][0]).toBe(0);
    expect(document.querySelector('[role="listbox"]')!.getAttribute("style")).toContain(`height: ${1000 * 44}px`);

    press("End");
    flushSync();
    expect(ranges.at(-1)![1]).toBe(1000);
    expect(document.querySelector("#x-999 [data-testid='x-pending']")).not.toBeNull();
    press("Enter");
    document.querySelector<HTMLElement>("#x-999")!.click();
    expect(onopen).not.toHaveBeenCalled();
  });
});
