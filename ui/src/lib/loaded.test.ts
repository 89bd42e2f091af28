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

describe("Loaded, when loads overlap", () => {
  it("shows the answer of the load asked for last, not of one that answers later", async () => {
    const answers: ((n: number) => void)[] = [];
    const page = new Loaded(() => new Promise<number>((resolve) => answers.push(resolve)));
    const first = page.load();
    const second = page.load();
    answers[1](2);
    await second;
    answers[0](1);
    await first;
    expect(page.value).toBe(2);
  });

  it("drops a failure of an earlier load, and a load under way when an answer is set by hand", async () => {
    const answers: { resolve: (n: number) => void; reject: (e: unknown) => void }[] = [];
    const page = new Loaded(() => new Promise<number>((resolve, reject) => answers.push({ resolve, reject })));
    const first = page.load();
    const second = page.load();
    answers[1].resolve(2);
    await second;
    answers[0].reject(invalidInput);
    await first;
    expect([page.value, page.error]).toEqual([2, null]);

    const third = page.load();
    page.set(3);
    answers[2].resolve(4);
    await third;
    expect(page.value).toBe(3);
  });
});
