// The settings as last read from the core, for the pieces that show them outside the settings screen
// (the table's name in the top bar), and the window's language kept in the settings (`ui.language`).

import { api } from "./api";
import type { SettingsView } from "./bindings/SettingsView";
import { language, setLanguage } from "./lang.svelte";

export const settingsState = $state<{ view: SettingsView | null }>({ view: null });

let following = false;

/** Reads the settings; the language set there becomes the window's, and from then on a switch of the
 *  language (the NL/EN toggle) is stored as the setting. Failures leave the defaults. */
export async function loadSettings(): Promise<void> {
  try {
    const view = await api.getSettings();
    settingsState.view = view;
    setLanguage(view.language === "en" ? "en" : "nl");
    followLanguage();
  } catch {
    // The screens work without; the settings screen shows the error itself.
  }
}

function followLanguage(): void {
  if (following) return;
  following = true;
  $effect.root(() => {
    $effect(() => {
      const current = language.current;
      const view = settingsState.view;
      if (!view || view.language === current) return;
      void api
        .saveSettings([{ key: "ui.language", value: current }])
        .then((next) => (settingsState.view = next))
        .catch(() => undefined);
    });
  });
}
