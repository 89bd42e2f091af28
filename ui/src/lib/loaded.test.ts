import { describe, expect, it } from "vitest";
import { Loaded } from "./loaded.svelte";
import { invalidInput } from "../test/fixtures";

describe("Loaded", () => {
  it("keeps the last answer through a failed reload and clears the error on the next good one", async () => {
    let answer: Promise<number> = Promise.resolve(1);
    const page = new Loaded(() => answer);
    expect(page.value).toBeNull();
    await page.load();
    expect([page.value, page.error]).toEqual([1, null]);
    answer = Promise.reject(invalidInput);
    await page.load();
    expect(page.value).toBe(1);
    expect(page.error?.code).toBe("invalid_input");
    answer = Promise.reject(new Error("boom"));
    await page.load();
    expect(page.error?.code).toBe("internal");
    answer = Promise.resolve(2);
    await page.load();
    expect([page.value, page.error]).toEqual([2, null]);
  });
});
