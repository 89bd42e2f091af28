// Outcome tracking and table meetings: the small rules the UI applies to what the core returns
// (no business rules: the core validates and decides; these only arrange and label).

import type { Attendee } from "./bindings/Attendee";
import type { FinancierSummary } from "./bindings/FinancierSummary";
import type { Referral } from "./bindings/Referral";
import type { Response } from "./bindings/Response";

/** One option of a select the page fills (financiers, contacts, instruments, cases). */
export interface Option {
  value: string;
  label: string;
}

/** Share of the need raised, 0–100 (whole percent, capped), for the progress bar. */
export function raisedPercent(raisedCents: number, needCents: number): number {
  if (needCents <= 0) return raisedCents > 0 ? 100 : 0;
  return Math.max(0, Math.min(100, Math.round((raisedCents / needCents) * 100)));
}

/** One step of a referral chain: who it went to, and the referral that took it there. */
export interface ChainStep {
  referral: Referral;
}

/** A chain of referrals: where it started (a financier, or `null` for the coordinator) and each hop. */
export interface ReferralChain {
  startName: string | null;
  startId: string | null;
  steps: ChainStep[];
}

/** Groups referrals (oldest first) into chains: a referral continues a chain when it leaves from
 *  the financier the chain last reached; otherwise it starts a new one ("ING → Qredits → Kredietunie"). */
export function referralChains(referrals: readonly Referral[]): ReferralChain[] {
  const chains: ReferralChain[] = [];
  for (const referral of referrals) {
    const from = referral.from_financier_id;
    const open = from === null ? undefined : chains.find((c) => c.steps.at(-1)?.referral.to_financier_id === from);
    if (open) open.steps.push({ referral });
    else chains.push({ startName: referral.from_name, startId: from, steps: [{ referral }] });
  }
  return chains;
}

/** The financiers that may refer a case on: those whose response is a decline. */
export function decliners(responses: readonly Response[]): Response[] {
  return responses.filter((r) => r.status === "declined");
}

/** A financier in the coordinator's quick panel. */
export interface QuickFinancier {
  id: string;
  name: string;
  /** Why it is listed: a contact attends, it already responded, or the coordinator added it. */
  why: "attends" | "responded" | "added";
}

function fold(text: string): string {
  return text.trim().toLocaleLowerCase("nl");
}

/** The quick panel's list: financiers whose people attend (linked contacts, or a typed organisation
 *  that is exactly a financier's name), then those that already responded, then those added by hand;
 *  each once, in that order. */
export function quickFinanciers(
  attendees: readonly Attendee[],
  responses: readonly Pick<Response, "financier_id" | "financier_name">[],
  register: readonly Pick<FinancierSummary, "id" | "name">[],
  added: readonly string[],
): QuickFinancier[] {
  const out: QuickFinancier[] = [];
  const seen = new Set<string>();
  const byId = new Map(register.map((f) => [f.id, f.name]));
  const byName = new Map(register.map((f) => [fold(f.name), f.id]));
  const push = (id: string | undefined | null, name: string | undefined, why: QuickFinancier["why"]) => {
    if (!id || seen.has(id)) return;
    seen.add(id);
    out.push({ id, name: name ?? byId.get(id) ?? id, why });
  };
  for (const a of attendees) {
    if (a.financier_id) push(a.financier_id, byId.get(a.financier_id) ?? a.organisation ?? undefined, "attends");
    else if (a.organisation) {
      const id = byName.get(fold(a.organisation));
      push(id, id ? byId.get(id) : undefined, "attends");
    }
  }
  for (const r of responses) push(r.financier_id, r.financier_name, "responded");
  for (const id of added) push(id, byId.get(id), "added");
  return out;
}

/** What a key does in presentation mode. */
export type SlideAction = "next" | "previous" | "first" | "last" | "leave" | "toggle-panel";

/** Maps a key to its presentation action: →, PageDown, Space next; ←, PageUp previous; Home, End;
 *  Esc leaves; C shows or hides the coordinator panel. */
export function slideAction(key: string): SlideAction | null {
  switch (key) {
    case "ArrowRight":
    case "PageDown":
    case " ":
    case "Spacebar":
      return "next";
    case "ArrowLeft":
    case "PageUp":
      return "previous";
    case "Home":
      return "first";
    case "End":
      return "last";
    case "Escape":
      return "leave";
    case "c":
    case "C":
      return "toggle-panel";
    default:
      return null;
  }
}

/** The position an action leads to, or `null` when it goes nowhere (already at the edge). */
export function targetPosition(action: SlideAction, position: number, total: number): number | null {
  if (total <= 0) return null;
  let next: number;
  switch (action) {
    case "next":
      next = position + 1;
      break;
    case "previous":
      next = position - 1;
      break;
    case "first":
      next = 1;
      break;
    case "last":
      next = total;
      break;
    default:
      return null;
  }
  if (next < 1 || next > total || next === position) return null;
  return next;
}

/** The date part of a meeting's local start (`2026-11-26T14:00:00` → `2026-11-26`). */
export function meetingDate(startsAt: string): string {
  return startsAt.slice(0, 10);
}

/** The time part of a meeting's local start (`2026-11-26T14:00:00` → `14:00`). */
export function meetingTime(startsAt: string): string {
  return startsAt.length >= 16 ? startsAt.slice(11, 16) : "";
}

/** Today as `YYYY-MM-DD` in local time. */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** Moves the item at `index` one place up (-1) or down (+1); the same list when it cannot move. */
export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const copy = [...items];
  [copy[index], copy[target]] = [copy[target], copy[index]];
  return copy;
}

/** `null` for blank text, so optional draft fields stay absent rather than empty. */
export function orNull(text: string | null | undefined): string | null {
  const t = (text ?? "").trim();
  return t === "" ? null : t;
}

/** A draft's decline fields: the coded reason only with a decline, its text only with a decline "other"
 *  (what the form kept from a status chosen before is left out). */
export function declineOf(status: string, reason: string, text: string): { decline_reason: string | null; decline_text: string | null } {
  const declined = status === "declined";
  return { decline_reason: declined ? orNull(reason) : null, decline_text: declined && reason === "other" ? orNull(text) : null };
}
