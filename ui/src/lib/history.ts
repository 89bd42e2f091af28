// The timeline reads what the core wrote: every change as a sentence in Dutch and English
// (`src/report/history.rs`). The UI only picks the language.

import type { Label } from "./bindings/Label";
import { language } from "./lang.svelte";

/** A core label in the current language; "—" for no value. */
export function inLang(label: Label | null | undefined): string {
  if (!label) return "—";
  return language.current === "en" ? label.en : label.nl;
}
