// The taxonomy as loaded once from the core; labels come from here, never from the UI's dictionaries.

import type { Taxonomy } from "./bindings/Taxonomy";
import type { TaxonomyLabel } from "./bindings/TaxonomyLabel";

let loaded = $state.raw<Taxonomy | null>(null);

export type TaxonomyList = keyof Taxonomy;

export function setTaxonomy(value: Taxonomy): void {
  loaded = value;
}

export function getTaxonomy(): Taxonomy | null {
  return loaded;
}

/** The labels of one list, in the taxonomy's order (empty until loaded). */
export function optionsOf(list: TaxonomyList): TaxonomyLabel[] {
  return loaded?.[list] ?? [];
}

/** The label of one value, or undefined when unknown. */
export function findLabel(list: TaxonomyList, id: string): TaxonomyLabel | undefined {
  return loaded?.[list].find((label) => label.id === id);
}
