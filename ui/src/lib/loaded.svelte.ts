// What a page shows once loaded from the core: the answer, or why it could not be read (LoadError
// offers to try again), so every page loads and reloads the same way.

import { toErrorPayload } from "./api";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import { track } from "./busy";

export class Loaded<T> {
  /** The last answer; null until the first one came. */
  value = $state.raw<T | null>(null);
  /** Why the last load failed; null once one went through. */
  error = $state.raw<ErrorPayload | null>(null);

  constructor(private readonly fetch: () => Promise<T>) {}

  /** Loads (again). The last answer stays shown until the new one is there; a failure keeps it too. */
  readonly load = async (): Promise<void> => {
    try {
      this.value = await track(this.fetch());
      this.error = null;
    } catch (err) {
      this.error = toErrorPayload(err);
    }
  };
}
