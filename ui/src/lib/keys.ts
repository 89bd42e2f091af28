// Keyboard helpers.

/** True when the key goes to a text field, so global shortcuts must not take it. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
}

/** Lower case without accents, for matching what was typed against labels ("Coöperatie" → "cooperatie"). */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** Type-ahead in a group: the index of the next label starting with what was typed, searching on
 *  from `current` (from the one after it for a fresh first letter, so repeating a letter cycles);
 *  -1 when none matches. */
export function typeaheadIndex(labels: readonly string[], current: number, typed: string): number {
  const n = labels.length;
  if (n === 0 || typed === "") return -1;
  const text = fold(typed);
  const folded = labels.map(fold);
  const sameLetter = [...text].every((c) => c === text[0]);
  const attempts: [string, number][] = [[text, text.length === 1 ? current + 1 : current]];
  if (sameLetter && text.length > 1) attempts.push([text[0], current + 1]);
  for (const [prefix, start] of attempts) {
    for (let k = 0; k < n; k++) {
      const i = (((start + k) % n) + n) % n;
      if (folded[i].startsWith(prefix)) return i;
    }
  }
  return -1;
}

/** What a key does in a form: Ctrl/⌘+Enter (and Ctrl/⌘+S where `ctrlS`) saves, Escape cancels. */
export function formKey(event: KeyboardEvent, { ctrlS = true }: { ctrlS?: boolean } = {}): "save" | "cancel" | null {
  const mod = event.ctrlKey || event.metaKey;
  if (mod && (event.key === "Enter" || (ctrlS && (event.key === "s" || event.key === "S")))) return "save";
  if (event.key === "Escape") return "cancel";
  return null;
}

/**
 * The window's key handler of a full-page form: Ctrl/⌘+Enter or Ctrl/⌘+S saves, Escape leaves
 * (unless something inside the form, a popup say, already took the Escape).
 */
export function pageFormKeys(save: () => void, leave: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    const key = formKey(event);
    if (key === null || (key === "cancel" && event.defaultPrevented)) return;
    event.preventDefault();
    if (key === "save") save();
    else leave();
  };
}

/** A form's submit handler that saves instead of letting the page reload. */
export function submitTo(save: () => void): (event: SubmitEvent) => void {
  return (event) => {
    event.preventDefault();
    save();
  };
}
