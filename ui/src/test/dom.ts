// The DOM steps every component test takes: find by test id, let the mocked commands answer,
// type into a field, choose an option. One copy, so a change in how Svelte flushes is made once.
import { flushSync } from "svelte";

/** The element with this `data-testid` (the test fails on use when there is none). */
export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.querySelector<T>(`[data-testid="${id}"]`)!;

/** Every element with this `data-testid`, in document order. */
export const all = (id: string): HTMLElement[] => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

/** Every element matching `selector` below `root`, in document order. */
export const $$ = <T extends Element = HTMLElement>(selector: string, root: ParentNode = document): T[] => [...root.querySelectorAll<T>(selector)];

/** Every element with this `data-testid` below `root`. */
export const byTestid = (id: string, root: ParentNode = document): HTMLElement[] => $$(`[data-testid="${id}"]`, root);

/** Lets the mocked commands' promises resolve and the component render what they brought. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

/** Types `text` into a field as the user would (one input event). */
export function typeInto(input: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  flushSync();
}

/** Chooses `value` in a select as the user would (one change event). */
export function chooseIn(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
  flushSync();
}

/** Types into the field with this test id. */
export function type(id: string, text: string): void {
  typeInto($<HTMLInputElement | HTMLTextAreaElement>(id), text);
}

/** Chooses in the select with this test id. */
export function choose(id: string, value: string): void {
  chooseIn($<HTMLSelectElement>(id), value);
}
