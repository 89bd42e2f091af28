import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { busyCount, DelayedWork } from "./busy";

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("delayed work", () => {
  it("is busy from the moment it is asked for until the work has ended, and runs only the last one asked", async () => {
    const ran: string[] = [];
    let finish: () => void = () => undefined;
    const delayed = new DelayedWork();
    delayed.schedule(200, async () => void ran.push("first"));
    expect(busyCount()).toBe(1);
    delayed.schedule(200, () => new Promise<void>((resolve) => ((finish = resolve), ran.push("second"))));
    expect(busyCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(199);
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ran).toEqual(["second"]);
    expect(busyCount()).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(busyCount()).toBe(0);
  });

  it("drops the run not yet started, and its busy mark, when cancelled", async () => {
    const work = vi.fn(async () => undefined);
    const delayed = new DelayedWork();
    delayed.schedule(100, work);
    delayed.cancel();
    expect(busyCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(500);
    expect(work).not.toHaveBeenCalled();
    delayed.cancel();
    expect(busyCount()).toBe(0);
  });
});
