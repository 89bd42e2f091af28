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

function applyToDocument(lang: Lang): void {
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}

applyToDocument(language.current);

export function setLanguage(lang: Lang): void {
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
