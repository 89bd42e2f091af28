// Dutch formatting of amounts and dates, the same in both languages (the table works in euros).

/** Groups the digits of a non-negative whole number with dots: 1250000 → "1.250.000". */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** Euro amount from cents: `€ 1.250.000`, or `€ 1.250,50` when not whole; `—` for null. */
export function formatCents(cents: number | bigint | null | undefined): string {
  if (cents === null || cents === undefined) return "—";
  const value = Math.round(Number(cents));
  if (!Number.isFinite(value)) return "—";
  const negative = value < 0;
  const abs = Math.abs(value);
  const euros = groupThousands(String(Math.floor(abs / 100)));
  const rest = abs % 100;
  const text = rest === 0 ? euros : `${euros},${String(rest).padStart(2, "0")}`;
  return `€ ${negative ? "-" : ""}${text}`;
}

/** A ticket range: `€ 50.000 – € 2.000.000`; an unknown bound reads as `unknown`. */
export function formatTicketRange(
  min: number | null | undefined,
  max: number | null | undefined,
  unknown: string,
): string {
  const known = (v: number | null | undefined) => v !== null && v !== undefined;
  if (!known(min) && !known(max)) return unknown;
  const lo = known(min) ? formatCents(min) : unknown;
  const hi = known(max) ? formatCents(max) : unknown;
  return `${lo} – ${hi}`;
}

/** Cents as an editable amount for a text field: `1.250.000` or `1.250,50` (no euro sign). */
export function centsToInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return "";
  return formatCents(cents).replace(/^€ /, "");
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** `2026-11-21` → `21-11-2026`; also takes the date part of an RFC 3339 time. `—` for empty. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const m = ISO_DATE.exec(iso);
  if (!m) return iso;
  return `${m[3]}-${m[2]}-${m[1]}`;
}

/** An RFC 3339 time in local time: `21-11-2026 14:05`. */
export function formatDateTime(rfc3339: string | null | undefined): string {
  if (!rfc3339) return "—";
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getDate())}-${p(d.getMonth() + 1)}-${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A whole number with Dutch grouping: 12500 → `12.500`. */
export function formatNumber(n: number | bigint | null | undefined): string {
  if (n === null || n === undefined) return "—";
  const value = Math.round(Number(n));
  return (value < 0 ? "-" : "") + groupThousands(String(Math.abs(value)));
}
