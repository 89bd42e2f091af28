// Quick capture ("Snel vastleggen"): defaults, what is remembered between captures in this
// session, and the KvK lookup that links a new case to a company already in Tafel.

import { api } from "./api";
import type { CompanyHit } from "./bindings/CompanyHit";
import { track } from "./busy";
import { emptyForm, todayIso, type CaseFormValues } from "./caseForm";
import { navigate, router, type Route } from "./router.svelte";

/** Carried from one capture to the next while the app runs (not stored). */
export interface CaptureMemory {
  province: string;
  capitalTypes: string[];
}

export const captureMemory = $state<CaptureMemory>({ province: "", capitalTypes: [] });

/** Where Escape goes back to. */
let returnTo: Route = { name: "cases" };

/** A fresh capture: status intake, anonymised summary only, intake today, owned by the app's author,
 *  province and capital types as in the previous capture. */
export function captureDefaults(author: string | null | undefined, memory: CaptureMemory = captureMemory, today: string = todayIso()): CaseFormValues {
  const values = emptyForm(today);
  values.text.owner = author ?? "";
  values.text["company.province"] = memory.province;
  values.capitalTypes = [...memory.capitalTypes];
  return values;
}

/** Remembers what the next capture starts with (after a successful save). */
export function rememberCapture(values: CaseFormValues, memory: CaptureMemory = captureMemory): void {
  memory.province = values.text["company.province"];
  memory.capitalTypes = [...values.capitalTypes];
}

/** A KvK number as typed (`1234 5678`, `12.34.56.78`) when it is exactly 8 digits, else null. */
export function completeKvk(text: string): string | null {
  const digits = text.replace(/[\s.]/g, "");
  return /^\d{8}$/.test(digits) ? digits : null;
}

/** The company with exactly this KvK number, if Tafel knows it. */
export async function findCompanyByKvk(kvk: string): Promise<CompanyHit | null> {
  const hits = await track(api.searchAll(kvk));
  return hits.companies.find((c) => c.kvk === kvk) ?? null;
}

/** Opens quick capture from anywhere (button, Ctrl+N); Escape comes back here. */
export function openQuickCapture(): void {
  if (router.route.name !== "capture") returnTo = router.route;
  navigate({ name: "capture" });
}

/** Leaves quick capture to where it was opened from. */
export function leaveQuickCapture(): void {
  navigate(returnTo);
}
