import { describe, expect, it } from "vitest";
import { scrollToReveal, visibleRange } from "./virtual";

describe("visibleRange", () => {
  it("renders only the rows in view plus overscan, even for 10,000 rows", () => {
    const range = visibleRange(44 * 5000, 440, 44, 10_000, 5);
    expect(range.start).toBe(4995);
    expect(range.end).toBe(5000 + 11 + 5);
    expect(range.end - range.start).toBeLessThan(30);
  });
  it("clamps at the ends", () => {
    expect(visibleRange(0, 440, 44, 3, 5)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(0, 440, 44, 0, 5)).toEqual({ start: 0, end: 0 });
    const last = visibleRange(44 * 10_000, 440, 44, 10_000, 5);
    expect(last.end).toBe(10_000);
    expect(last.start).toBeLessThan(10_000);
  });
});

describe("scrollToReveal", () => {
  it("scrolls just enough to show a row", () => {
    expect(scrollToReveal(0, 100, 440, 44)).toBe(0);
    expect(scrollToReveal(20, 0, 440, 44)).toBe(21 * 44 - 440);
    expect(scrollToReveal(3, 0, 440, 44)).toBe(0);
  });
});
