// @vitest-environment jsdom
import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import LazyPage from "../shell/LazyPage.svelte";
import StatusBadge from "../common/StatusBadge.svelte";
import { busyCount } from "../../lib/busy";
import type { PageLoader } from "../../lib/pages";
import { $, settle } from "../../test/dom";

let component: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (component) unmount(component);
  component = undefined;
  vi.useRealTimers();
});

describe("LazyPage", () => {
  it("stays a calm empty page while the script loads, says Laden… only after a moment, then shows the page", async () => {
    vi.useFakeTimers();
    let resolve: (m: { default: typeof StatusBadge }) => void = () => undefined;
    const load: PageLoader = () => new Promise((r) => (resolve = r as typeof resolve));
    component = mount(LazyPage, { target: document.body, props: { load, props: { status: "intake" } } });
    flushSync();
    expect($("page-loading")).not.toBeNull();
    expect($("page-loading").textContent?.trim()).toBe("");
    expect(busyCount()).toBe(1);
    vi.advanceTimersByTime(350);
    flushSync();
    expect($("page-loading").textContent).toContain("Laden…");
    resolve({ default: StatusBadge });
    vi.useRealTimers();
    await settle();
    expect($("page-loading")).toBeNull();
    expect(document.body.textContent).not.toBe("");
    expect(busyCount()).toBe(0);
  });

  it("shows a load error with a retry when the script does not load, and the page after the retry", async () => {
    let fail = true;
    const load: PageLoader = () => (fail ? Promise.reject(new Error("chunk")) : Promise.resolve({ default: StatusBadge }));
    component = mount(LazyPage, { target: document.body, props: { load, props: { status: "intake" } } });
    await settle();
    expect($("load-error")).not.toBeNull();
    fail = false;
    $("load-error").querySelector("button")!.click();
    await settle();
    expect($("load-error")).toBeNull();
    expect($("page-loading")).toBeNull();
  });
});
