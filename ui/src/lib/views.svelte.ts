// Saved views of the case list: the core's built-in ones first, then the user's own.

import { api } from "./api";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { SavedView } from "./bindings/SavedView";
import { track } from "./busy";
import { caseList, type CaseListModel } from "./caseList.svelte";
import { language } from "./lang.svelte";

export const views = $state<{ list: SavedView[]; loaded: boolean; error: ErrorPayload | null }>({
  list: [],
  loaded: false,
  error: null,
});

/** English names of the built-in views (the core names them in Dutch). */
const BUILTIN_EN: Record<string, string> = {
  "builtin:mine": "My open cases",
  "builtin:waiting": "Waiting for a financier",
};

/** A view's name in the current language; user views keep the name they were given. */
export function viewName(view: SavedView): string {
  if (!view.builtin || language.current === "nl") return view.name;
  if (BUILTIN_EN[view.id]) return BUILTIN_EN[view.id];
  const days = view.filter.consent_expiring_within_days;
  return days !== null && days !== undefined ? `Consent ends within ${days} days` : view.name;
}

/** Built-in first (in the core's order), then the user's by name, as `list_views` returns them. */
export function orderViews(list: readonly SavedView[]): SavedView[] {
  return [...list.filter((v) => v.builtin), ...list.filter((v) => !v.builtin)];
}

export async function loadViews(): Promise<void> {
  try {
    views.list = orderViews(await track(api.listViews()));
    views.error = null;
  } catch (err) {
    views.error = err as ErrorPayload;
  } finally {
    views.loaded = true;
  }
}

/** Saves the list's current filter under a name and makes it the active view; the error when refused. */
export async function saveCurrentView(name: string, model: CaseListModel = caseList): Promise<ErrorPayload | null> {
  try {
    const saved = await track(api.saveView(name, model.filter()));
    await loadViews();
    model.activeViewId = saved.id;
    return null;
  } catch (err) {
    return err as ErrorPayload;
  }
}

/** Deletes one of the user's views; the list keeps its filter but no longer names a view. */
export async function deleteView(id: string, model: CaseListModel = caseList): Promise<ErrorPayload | null> {
  try {
    await track(api.deleteView(id));
    if (model.activeViewId === id) model.activeViewId = null;
    await loadViews();
    return null;
  } catch (err) {
    return err as ErrorPayload;
  }
}
