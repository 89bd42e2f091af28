// The matching panel's logic without the screen: reasons in the current language, score and share
// formatting, the match list's filters, and the stack builder's pins and exclusions → StackRequest.

import type { CapitalType } from "./bindings/CapitalType";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { MatchResult } from "./bindings/MatchResult";
import type { PinnedTranche } from "./bindings/PinnedTranche";
import type { Reason } from "./bindings/Reason";
import type { ReasonKind } from "./bindings/ReasonKind";
import type { StackRequest } from "./bindings/StackRequest";
import type { Tranche } from "./bindings/Tranche";
import { fieldErrorText, language, t, type MessageKey } from "./i18n";

/** A reason's text in the current language (Dutch when the English one is missing). */
export function reasonText(reason: Reason): string {
  return language.current === "en" ? reason.en || reason.nl : reason.nl;
}

/** The mark shown before a reason: ✓ matched, ✗ failed, ? uncertain, · a note. */
export const REASON_ICON: Readonly<Record<ReasonKind, string>> = {
  matched: "✓",
  failed: "✗",
  uncertain: "?",
  note: "·",
};

const REASON_LABEL: Readonly<Record<ReasonKind, MessageKey>> = {
  matched: "reason.matched",
  failed: "reason.failed",
  uncertain: "reason.uncertain",
  note: "reason.note",
};

/** The icon of a kind; an unknown kind (a newer core) reads as a note. */
export function reasonIcon(kind: string): string {
  return REASON_ICON[kind as ReasonKind] ?? REASON_ICON.note;
}

/** What the icon means, for screen readers and tooltips ("past", "past niet", …). */
export function reasonLabel(kind: string): string {
  return t(REASON_LABEL[kind as ReasonKind] ?? REASON_LABEL.note);
}

/** A score 0–100 as a whole number ("63"); out-of-range or missing values are clamped, `—` when unknown. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return "—";
  return String(clampScore(score));
}

/** A score as a whole number within 0–100 (the width of its bar, in percent). */
export function clampScore(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.min(100, Math.max(0, Math.round(score)));
}

export type Level = "high" | "medium" | "low";

/** How sure a result is: high from 75, medium from 50, low below. */
export function confidenceLevel(confidence: number): Level {
  if (confidence >= 75) return "high";
  if (confidence >= 50) return "medium";
  return "low";
}

/** The colour band of a score bar: high from 70, medium from 45, low below. */
export function scoreLevel(score: number): Level {
  if (score >= 70) return "high";
  if (score >= 45) return "medium";
  return "low";
}

/** A part of the need in Dutch notation: `58,3%`, `100%`; `—` without a need. */
export function formatShare(amountCents: number, needCents: number): string {
  if (!(needCents > 0)) return "—";
  const pct = Math.round((amountCents / needCents) * 1000) / 10;
  return `${Number.isInteger(pct) ? String(pct) : pct.toFixed(1).replace(".", ",")}%`;
}

/** The match list's filters; empty strings mean "all". */
export interface MatchFilter {
  capitalType: string;
  financierType: string;
  minScore: number;
}

export const NO_FILTER: MatchFilter = { capitalType: "", financierType: "", minScore: 0 };

/** The matches that pass the filters, in the report's order (best first). */
export function filterMatches(matches: readonly MatchResult[], filter: MatchFilter): MatchResult[] {
  return matches.filter(
    (m) =>
      (filter.capitalType === "" || m.capital_type === filter.capitalType) &&
      (filter.financierType === "" || m.financier_type === filter.financierType) &&
      m.score >= filter.minScore,
  );
}

/** The distinct values of one field among the matches, in first-seen order (the filters offer only these). */
export function distinctValues<K extends "capital_type" | "financier_type">(matches: readonly MatchResult[], key: K): MatchResult[K][] {
  return [...new Set(matches.map((m) => m[key]))];
}

/** A pinned tranche as the builder keeps it: the core's PinnedTranche plus a label for its chip. */
export interface PinChoice extends PinnedTranche {
  label: string;
}

/** An excluded instrument with a label for its chip. */
export interface Exclusion {
  instrument_id: string;
  label: string;
}

/** "ING – Zakelijke financiering". */
export function trancheLabel(tranche: Pick<Tranche, "financier_name" | "instrument_name">): string {
  return `${tranche.financier_name} – ${tranche.instrument_name}`;
}

/** Pins a tranche at an amount: replaces an earlier pin of the same instrument (a new amount), else appends. */
export function pinTranche(pins: readonly PinChoice[], tranche: Tranche, amountCents: number): PinChoice[] {
  const pin: PinChoice = {
    financier_id: tranche.financier_id,
    instrument_id: tranche.instrument_id,
    amount_cents: amountCents,
    capital_type: tranche.capital_type,
    label: trancheLabel(tranche),
  };
  const at = pins.findIndex((p) => p.instrument_id === tranche.instrument_id);
  if (at < 0) return [...pins, pin];
  return pins.map((p, i) => (i === at ? pin : p));
}

export function unpin(pins: readonly PinChoice[], instrumentId: string): PinChoice[] {
  return pins.filter((p) => p.instrument_id !== instrumentId);
}

/** Excludes an instrument (once); a pin on it goes, since the core refuses a pinned and excluded instrument. */
export function excludeTranche(
  pins: readonly PinChoice[],
  exclusions: readonly Exclusion[],
  tranche: Pick<Tranche, "instrument_id" | "financier_name" | "instrument_name">,
): { pins: PinChoice[]; exclusions: Exclusion[] } {
  const already = exclusions.some((e) => e.instrument_id === tranche.instrument_id);
  return {
    pins: unpin(pins, tranche.instrument_id),
    exclusions: already ? [...exclusions] : [...exclusions, { instrument_id: tranche.instrument_id, label: trancheLabel(tranche) }],
  };
}

export function unexclude(exclusions: readonly Exclusion[], instrumentId: string): Exclusion[] {
  return exclusions.filter((e) => e.instrument_id !== instrumentId);
}

/** What propose_stacks takes: the pins without their labels, the excluded ids, the accepted capital types. */
export function buildStackRequest(pins: readonly PinChoice[], exclusions: readonly Exclusion[], accepted: readonly CapitalType[]): StackRequest {
  return {
    pinned: pins.map(({ financier_id, instrument_id, amount_cents, capital_type }) =>
      capital_type === undefined ? { financier_id, instrument_id, amount_cents } : { financier_id, instrument_id, amount_cents, capital_type },
    ),
    excluded_instruments: exclusions.map((e) => e.instrument_id),
    acceptable_capital_types: [...accepted],
  };
}

/** The core's messages about single pins (`pinned[i]`), by the pinned instrument's id. */
export function pinErrors(error: ErrorPayload | null, pins: readonly PinnedTranche[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!error) return out;
  for (const field of error.fields) {
    const m = /^pinned\[(\d+)\]$/.exec(field.field);
    const pin = m ? pins[Number(m[1])] : undefined;
    if (pin) out[pin.instrument_id] = out[pin.instrument_id] ? `${out[pin.instrument_id]} ${fieldErrorText(field)}` : fieldErrorText(field);
  }
  return out;
}

/** The builder's error in the current language: the core's field messages when it gave them, else its message. */
export function builderErrorText(error: ErrorPayload): string {
  if (error.fields.length > 0) return error.fields.map(fieldErrorText).join(" ");
  return language.current === "en" ? error.message_en || error.message : error.message;
}

/** A guarantee scheme's short name: "BMKB (Borgstelling MKB-kredieten)" → "BMKB". */
export function shortGuaranteeName(name: string): string {
  const short = name.replace(/\s*\(.*$/, "").trim();
  return short === "" ? name : short;
}
