// @vitest-environment jsdom
import { flushSync } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import { monthGrid, shiftMonth, shownDate, typedDate } from "../../lib/dateField";
import DateInput from "../common/DateInput.svelte";
import { show, tearDown } from "../../test/mount";


afterEach(tearDown);

function render(value: string, onchange?: (iso: string) => void): { input: HTMLInputElement } {
  document.body.innerHTML = "";
  show(DateInput, { props: { value, id: "d", name: "d", testid: "d", onchange } });
  flushSync();
  return { input: document.querySelector<HTMLInputElement>('[data-testid="d"]')! };
}

function type(input: HTMLInputElement, text: string): void {
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

describe("the typed date field", () => {
  it("shows a stored day as dd-mm-jjjj and is a text field, not the OS date picker", () => {
    const { input } = render("2027-03-06");
    expect(input.type).toBe("text");
    expect(input.value).toBe("06-03-2027");
    expect(input.placeholder).toBe("dd-mm-jjjj");
  });

  it("reads what is typed by the core's rules and tidies it on leaving", () => {
    const seen: string[] = [];
    const { input } = render("", (iso) => seen.push(iso));
    type(input, "3-2-2025");
    expect(seen).toEqual(["2025-02-03"]);
    input.dispatchEvent(new FocusEvent("blur"));
    flushSync();
    expect(input.value).toBe("03-02-2025");
    type(input, "31-02-2025");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(seen).toEqual(["2025-02-03"]);
    type(input, "");
    expect(seen).toEqual(["2025-02-03", ""]);
  });

  it("picks a day from a Dutch calendar, Monday first", () => {
    const seen: string[] = [];
    const { input } = render("2027-03-06", (iso) => seen.push(iso));
    document.querySelector<HTMLButtonElement>('[data-testid="d-calendar"]')!.click();
    flushSync();
    expect(document.querySelector('[data-testid="calendar-month"]')?.textContent).toBe("maart 2027");
    expect([...document.querySelectorAll("th")].map((th) => th.textContent)).toEqual(["ma", "di", "wo", "do", "vr", "za", "zo"]);
    document.querySelector<HTMLButtonElement>('[data-testid="calendar-next"]')!.click();
    flushSync();
    expect(document.querySelector('[data-testid="calendar-month"]')?.textContent).toBe("april 2027");
    document.querySelector<HTMLButtonElement>('[data-date="2027-04-15"]')!.click();
    flushSync();
    expect(input.value).toBe("15-04-2027");
    expect(seen).toEqual(["2027-04-15"]);
    expect(document.querySelector('[data-testid="d-popup"]')).toBeNull();
  });

  it("lays months out in weeks and steps over years", () => {
    const march = monthGrid(2027, 3);
    expect(march[0].slice(0, 1)).toEqual([{ iso: "2027-03-01", day: 1 }]);
    expect(march.every((w) => w.length === 7)).toBe(true);
    expect(shiftMonth(2026, 12, 1)).toEqual({ year: 2027, month: 1 });
    expect(shiftMonth(2027, 1, -1)).toEqual({ year: 2026, month: 12 });
    expect(shownDate("2026-02-01")).toBe("01-02-2026");
    expect(shownDate("morgen")).toBe("morgen");
    expect(typedDate("")).toBe("");
    expect(typedDate("29-02-2026")).toBeNull();
  });
});
