// What the erasure screens decide before they call the core: whether a typed confirmation
// repeats the company's name (the core checks it again), and the retention preview's sentence.

import type { RetentionPreview } from "./bindings/RetentionPreview";
import { formatDate } from "./format";
import { t } from "./i18n";

/** A name as the core compares it: spacing and case aside. */
function folded(text: string): string {
  return text.trim().split(/\s+/).join(" ").toLowerCase();
}

/** True when `typed` repeats `name` (as `check_confirmation` in the core judges it). */
export function sameName(typed: string, name: string): boolean {
  return folded(name) !== "" && folded(typed) === folded(name);
}

/** "12 afgesloten casussen worden geanonimiseerd (laatste statuswijziging vóór 2-12-2024)". */
export function retentionSentence(preview: RetentionPreview): string {
  if (preview.months === null || preview.cutoff === null) return t("retention.off");
  const count = preview.cases.length;
  const head = count === 1 ? t("retention.previewOne") : t("retention.preview", { n: count });
  return `${head} (${t("retention.previewCutoff", { date: formatDate(preview.cutoff) })})`;
}
