// The current UI language, reactive and remembered in localStorage.

export type Lang = "nl" | "en";

const STORAGE_KEY = "tafel.lang";

function stored(): Lang {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (value === "nl" || value === "en") return value;
  } catch {
    // No storage (tests, locked-down webview): Dutch.
  }
  return "nl";
}

export const language = $state<{ current: Lang }>({ current: stored() });

/** The English dictionary (lib/i18n/en), a script of its own loaded when English is chosen;
 *  null until then (t() speaks Dutch meanwhile). */
let english = $state.raw<Readonly<Record<string, string>> | null>(null);
let loadingEnglish: Promise<void> | null = null;

/** The English texts once loaded, else null. */
export function englishTexts(): Readonly<Record<string, string>> | null {
  return english;
}

/** Loads the English dictionary, once; a failed load is tried again at the next call. */
export function loadEnglish(): Promise<void> {
  loadingEnglish ??= import("./i18n/en").then(
    (module) => {
      english = module.en;
    },
    (err: unknown) => {
      loadingEnglish = null;
      throw err;
    },
  );
  return loadingEnglish;
}

// A window that opens in English asks for its texts at once (startApp waits for them).
if (language.current === "en") loadEnglish().catch(() => undefined);

function applyToDocument(lang: Lang): void {
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}

applyToDocument(language.current);

export function setLanguage(lang: Lang): void {
  if (lang === "en") loadEnglish().catch(() => undefined);
  language.current = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered; still switched.
  }
  applyToDocument(lang);
}

export function toggleLanguage(): void {
  setLanguage(language.current === "nl" ? "en" : "nl");
}
