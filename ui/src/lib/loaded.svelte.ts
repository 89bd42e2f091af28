// What a page shows once loaded from the core: the answer, or why it could not be read (LoadError
// offers to try again), so every page loads and reloads the same way. The last load asked for wins: an
// earlier one that answers later (the case changed meanwhile) is dropped.

import { toErrorPayload } from "./api";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import { track } from "./busy";

export class Loaded<T> {
  /** The last answer; null until the first one came. */
  value = $state.raw<T | null>(null);
  /** Why the last load failed; null once one went through. */
  error = $state.raw<ErrorPayload | null>(null);

  /** How many loads (and answers set by hand) there have been: only the latest may show. */
  private asked = 0;

  constructor(private readonly fetch: () => Promise<T>) {}

  /** Loads (again). The last answer stays shown until the new one is there; a failure keeps it too. */
  readonly load = async (): Promise<void> => {
    const mine = ++this.asked;
    try {
      const value = await track(this.fetch());
      if (mine !== this.asked) return;
      this.value = value;
      this.error = null;
    } catch (err) {
      if (mine !== this.asked) return;
      this.error = toErrorPayload(err);
    }
  };

  /** Shows an answer that came another way (an action's result); a load still under way no longer replaces it. */
  set(value: T): void {
    this.asked++;
    this.value = value;
  }
}
