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

/** A file's size: `1,5 MB` (`1.5 MB` in English) from a megabyte on, otherwise whole kB (at least 1). */
export function formatFileSize(bytes: number, lang: "nl" | "en" = "nl"): string {
  if (bytes >= 1024 * 1024) {
    const mb = (bytes / (1024 * 1024)).toFixed(1);
    return `${lang === "nl" ? mb.replace(".", ",") : mb} MB`;
  }
  return `${Math.max(1, Math.ceil(bytes / 1024))} kB`;
}

/** A whole number with Dutch grouping: 12500 → `12.500`. */
export function formatNumber(n: number | bigint | null | undefined): string {
  if (n === null || n === undefined) return "—";
  const value = Math.round(Number(n));
  return (value < 0 ? "-" : "") + groupThousands(String(Math.abs(value)));
}

/** Whole-number and decimal parts as the core reads them: the last of `.`/`,` is decimal when both occur;
 *  one `.` followed by exactly three digits groups thousands (`850.000`); one `,` is decimal. */
function parseNumber(text: string): number | null {
  if (text === "" || !/^[-\d.,]+$/.test(text)) return null;
  const dots = (text.match(/\./g) ?? []).length;
  const commas = (text.match(/,/g) ?? []).length;
  let normalised: string;
  if (dots === 0 && commas === 0) normalised = text;
  else if (dots > 0 && commas > 0)
    normalised = text.lastIndexOf(",") > text.lastIndexOf(".") ? text.replaceAll(".", "").replace(",", ".") : text.replaceAll(",", "");
  else if (dots === 0) normalised = commas === 1 ? text.replace(",", ".") : text.replaceAll(",", "");
  else if (dots === 1) normalised = text.length - text.indexOf(".") - 1 === 3 ? text.replace(".", "") : text;
  else normalised = text.replaceAll(".", "");
  if (!/^-?\d*\.?\d+$|^-?\d+\.?$/.test(normalised)) return null;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : null;
}

const SUFFIXES: readonly [string, number][] = [
  ["miljoen", 1e6],
  ["mln", 1e6],
  ["mio", 1e6],
  ["m", 1e6],
  ["duizend", 1e3],
  ["k", 1e3],
];

/** The largest amount the core accepts, in cents: € 10 billion (`money::MAX_CENTS`). */
export const MAX_CENTS = 10_000_000_000 * 100;

/** Why an amount could not be read: the core's field error codes. */
export type AmountErrorCode = "amount_format" | "amount_not_positive" | "amount_too_large";

/** Euro text as people type it (`1,2 mln`, `€ 850.000`, `850k`, `1.250,50`) → cents, or the error code the core
 *  would give, exactly as `money::parse_euros` (src/domain/money.rs) reads it: both are tested against
 *  `assets/test-vectors/amounts.json`. */
export function parseAmount(input: string): { cents: number } | { error: AmountErrorCode } {
  let text = input.trim().toLowerCase();
  text = text.replaceAll("€", "").replaceAll("eur", "").replace(/[\s\u00a0_']/g, "");
  if (text.endsWith(",-") || text.endsWith(".-")) text = text.slice(0, -2);
  let multiplier = 1;
  for (const [suffix, factor] of SUFFIXES) {
    if (text.endsWith(suffix)) {
      text = text.slice(0, -suffix.length).replace(/\.+$/, "");
      multiplier = factor;
      break;
    }
  }
  const value = parseNumber(text);
  if (value === null) return { error: "amount_format" };
  const cents = Math.round(value * multiplier * 100);
  if (!Number.isFinite(cents)) return { error: "amount_format" };
  if (cents <= 0) return { error: "amount_not_positive" };
  if (cents > MAX_CENTS) return { error: "amount_too_large" };
  return { cents };
}

/** `parseAmount` for a field that may stay empty: `null` for empty text, `undefined` when it is no amount the core takes. */
export function parseEuros(input: string): number | null | undefined {
  if (input.trim() === "") return null;
  const parsed = parseAmount(input);
  return "cents" in parsed ? parsed.cents : undefined;
}

const DMY = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$/;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/** What was typed (`31-1-2026`, `31/01/2026`, `31.01.2026`, `2026-01-31`) → ISO, or null when it is no date,
 *  exactly as the core's `parse_date` (src/domain/draft.rs) reads it: both are tested against
 *  `assets/test-vectors/dates.json`. */
export function parseDay(text: string): string | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  let match = YMD.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = DMY.exec(s);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[3]), Number(match[4])];
  }
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const lastDay = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  if (m < 1 || m > 12 || d < 1 || d > lastDay) return null;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const WEEKDAYS = {
  nl: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
  en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
} as const;
const MONTHS = {
  nl: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
} as const;

/** `2026-11-26` → `donderdag 26 november 2026` (or `Thursday 26 November 2026`); `—` for empty. */
export function formatLongDate(iso: string | null | undefined, lang: "nl" | "en" = "nl"): string {
  if (!iso) return "—";
  const m = ISO_DATE.exec(iso);
  if (!m) return iso;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return `${WEEKDAYS[lang][weekday]} ${day} ${MONTHS[lang][month - 1]} ${year}`;
}

/** A meeting's local start `2026-11-26T14:00:00` → `26-11-2026 14:00`. */
export function formatLocalDateTime(local: string | null | undefined): string {
  if (!local) return "—";
  const date = formatDate(local);
  const time = /T(\d{2}:\d{2})/.exec(local)?.[1];
  return time ? `${date} ${time}` : date;
}
