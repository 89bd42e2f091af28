// The component under test: mounted into the document's body, and taken down after each test together
// with the mocked shell and the language, so that no test leaves anything behind for the next.
import { clearMocks } from "@tauri-apps/api/mocks";
import { mount, unmount, type Component, type MountOptions } from "svelte";
import { setLanguage } from "../lib/i18n";

const shown: Record<string, unknown>[] = [];

/** Mounts `component` into the body, or the `target` given (its props, if it takes any, in `options`);
 *  `tearDown` unmounts it. */
export function show<Props extends Record<string, any>, Exports extends Record<string, any>>(
  component: Component<Props, Exports>,
  options: Omit<MountOptions<Props>, "target"> & { target?: Element },
): Exports {
  const exports = mount(component, { target: document.body, ...options } as MountOptions<Props>);
  shown.push(exports);
  return exports;
}

/** Unmounts what `show` mounted (a test that mounts its page again, as after a restart). */
export function unmountShown(): void {
  for (const exports of shown.splice(0)) void unmount(exports);
}

/** Every component test's afterEach: unmounts what `show` mounted, clears the mocked shell, speaks Dutch again. */
export function tearDown(): void {
  unmountShown();
  clearMocks();
  setLanguage("nl");
}
