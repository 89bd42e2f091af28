// A form's submission: one save at a time, the core's refusal kept as the form's error and its field
// errors grouped by field, so every small form shows them the same way.

import { tick } from "svelte";
import { toErrorPayload } from "./api";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { FieldError } from "./bindings/FieldError";
import { track } from "./busy";

/** Field errors by field path (`company.kvk`, `amount_eur`). */
export type FieldErrors = Record<string, FieldError[]>;

/** Field errors grouped by their path, in the order the core reported them. */
export function groupFieldErrors(errors: readonly FieldError[]): FieldErrors {
  const grouped: FieldErrors = {};
  for (const error of errors) (grouped[error.field] ??= []).push(error);
  return grouped;
}

export class Submission {
  /** The core's refusal of the last save; null after a save went through. */
  error = $state.raw<ErrorPayload | null>(null);
  /** The refusal's field errors by field path. */
  fieldErrors = $state.raw<FieldErrors>({});
  /** A save is under way (the form's button shows it; another save waits). */
  saving = $state(false);

  /** `refused` runs after a refusal is shown, e.g. the form's `showErrors()` (focus the first bad field). */
  constructor(private readonly refused: () => unknown = () => undefined) {}

  /** The field errors of one field (`[]` when it has none). */
  readonly errs = (field: string): FieldError[] => this.fieldErrors[field] ?? [];

  /** Runs `work` unless a save is under way. Saved: the errors are cleared and `saved` gets the answer;
   *  refused: the error and its field errors are kept and `refused` runs. True when it was saved. */
  async run<T>(work: () => Promise<T>, saved: (value: T) => unknown = () => undefined): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    try {
      const value = await track(work());
      this.clear();
      await saved(value);
      return true;
    } catch (err) {
      this.error = toErrorPayload(err);
      this.fieldErrors = groupFieldErrors(this.error.fields);
      await this.refused();
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Forgets the last refusal (a form opened anew). */
  clear(): void {
    this.error = null;
    this.fieldErrors = {};
  }
}

/** After a refused save: focus the first field with an error (its control has id `f-<prefix><field>`),
 *  scrolled to the middle when `scroll`; with no such field, `fallback` (the form's error summary). */
export async function focusFirstError(
  error: ErrorPayload | null,
  fallback: { focus(): void } | undefined,
  { prefix = "", scroll = false }: { prefix?: string; scroll?: boolean } = {},
): Promise<void> {
  await tick();
  const first = (error?.fields ?? []).map((f) => document.getElementById(`f-${prefix}${f.field}`)).find((el) => el !== null);
  if (first) {
    first.focus();
    if (scroll) first.scrollIntoView?.({ block: "center" });
  } else {
    fallback?.focus();
  }
}
