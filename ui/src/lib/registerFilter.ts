// Which financiers the register list shows: the typed words (name or kind) and the chosen
// kind, region and capital type. A national financier (`NL`) works in every province.

import type { FinancierSummary } from "./bindings/FinancierSummary";
import { tl } from "./i18n";

export interface RegisterCriteria {
  text: string;
  types: readonly string[];
  regions: readonly string[];
  capitalTypes: readonly string[];
}

export const noRegisterCriteria: RegisterCriteria = { text: "", types: [], regions: [], capitalTypes: [] };

/** True when the financier serves one of `regions` (a national one serves them all). */
function serves(f: FinancierSummary, regions: readonly string[]): boolean {
  return regions.some((r) => f.regions.includes(r as FinancierSummary["regions"][number]) || (r !== "NL" && f.regions.includes("NL")));
}

/** The financiers that fit every criterion, in the given order. */
export function filterRegister(financiers: readonly FinancierSummary[], c: RegisterCriteria): FinancierSummary[] {
  const words = c.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return financiers.filter((f) => {
    if (c.types.length > 0 && !c.types.includes(f.financier_type)) return false;
    if (c.regions.length > 0 && !serves(f, c.regions)) return false;
    if (c.capitalTypes.length > 0 && !c.capitalTypes.some((ct) => f.capital_types.includes(ct as FinancierSummary["capital_types"][number]))) return false;
    const text = `${f.name} ${tl("financier_types", f.financier_type)}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** The values present in the register, for the filters to offer only what can match. */
export function present<K extends "financier_type" | "regions" | "capital_types">(financiers: readonly FinancierSummary[], key: K): string[] {
  const seen = new Set<string>();
  for (const f of financiers) {
    const v = f[key];
    for (const x of Array.isArray(v) ? v : [v]) seen.add(x as string);
  }
  return [...seen];
}
