import { describe, expect, it } from "vitest";
import { loadPage, loadedPage, type PageComponent, type PageLoader } from "./pages";

const component = (() => undefined) as unknown as PageComponent;

describe("pages", () => {
  it("loads a page's script once, shows it at once afterwards, and tries a failed load again", async () => {
    let calls = 0;
    let fail = true;
    const load: PageLoader = () => {
      calls += 1;
      return fail ? Promise.reject(new Error("chunk")) : Promise.resolve({ default: component });
    };
    expect(loadedPage(load)).toBeNull();
    await expect(loadPage(load)).rejects.toThrow("chunk");
    expect(loadedPage(load)).toBeNull();
    fail = false;
    const [a, b] = await Promise.all([loadPage(load), loadPage(load)]);
    expect([a, b]).toEqual([component, component]);
    expect(calls).toBe(2);
    expect(loadedPage(load)).toBe(component);
    await loadPage(load);
    expect(calls).toBe(2);
  });
});
