// Pure helpers of the sharing screens: the fingerprint as groups to read aloud, sizes and the lines
// that say what a bundle did. Every rule (who may join, what a member sees) stays in the core.

import type { BundleResult } from "./bindings/BundleResult";
import type { IdentityView } from "./bindings/IdentityView";
import type { ImportSummary } from "./bindings/ImportSummary";
import { formatNumber } from "./format";
import { language, t } from "./i18n";

/** The fingerprint's groups of five digits (the core writes them with spaces; any spacing is read). */
export function fingerprintGroups(fingerprint: string): string[] {
  const digits = fingerprint.replace(/\D/g, "");
  const groups: string[] = [];
  for (let at = 0; at < digits.length; at += 5) groups.push(digits.slice(at, at + 5));
  return groups;
}

/** A size as people read it: "812 bytes", "12,4 kB", "3,1 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1000) return `${formatNumber(bytes)} bytes`;
  const kb = bytes / 1000;
  if (kb < 1000) return `${kb.toLocaleString(language.current === "en" ? "en-GB" : "nl-NL", { maximumFractionDigits: 1 })} kB`;
  return `${(kb / 1000).toLocaleString(language.current === "en" ? "en-GB" : "nl-NL", { maximumFractionDigits: 1 })} MB`;
}

/** What reading one bundle did, in a line: changes, answers, conflicts, and a table joined. */
export function importText(summary: ImportSummary): string {
  const parts = [summary.changes === 1 ? t("sharing.bundleReadOne", { sender: summary.sender }) : t("sharing.bundleRead", { changes: formatNumber(summary.changes), sender: summary.sender })];
  if (summary.responses === 1) parts.push(t("sharing.bundleAnswersOne"));
  else if (summary.responses > 1) parts.push(t("sharing.bundleAnswers", { responses: formatNumber(summary.responses) }));
  if (summary.conflicts === 1) parts.push(t("sharing.bundleConflictsOne"));
  else if (summary.conflicts > 1) parts.push(t("sharing.bundleConflicts", { conflicts: formatNumber(summary.conflicts) }));
  const line = parts.join(", ");
  return summary.joined ? `${line}. ${t("sharing.joinedTable", { table: summary.joined.table_name })}` : line;
}

/** One bundle of a synchronisation: what it did, or why it was refused (the core's message). */
export function bundleText(bundle: BundleResult): string {
  if (bundle.imported) return importText(bundle.imported);
  const reason = language.current === "en" ? bundle.refused_en ?? bundle.refused_nl : bundle.refused_nl;
  return `${t("sharing.bundleRefused")}: ${reason ?? bundle.refused_code ?? ""}`;
}

/** Whether this device plays the coordinator: the roster says so, or (before a table) the identity. */
export function isCoordinator(identity: IdentityView | null): boolean {
  if (!identity) return false;
  return identity.role ? identity.role === "coordinator" : identity.organisation === "coordinator";
}
