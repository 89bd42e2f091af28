// @vitest-environment jsdom
import { mockIPC } from "@tauri-apps/api/mocks";
import { flushSync } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import App from "../../App.svelte";
import { app } from "../../lib/app.svelte";
import { appInfo, taxonomy } from "../../test/fixtures";
import { home } from "../../test/outcomeFixtures";
import { settle } from "../../test/dom";
import { show, tearDown } from "../../test/mount";


afterEach(() => {
  tearDown();
  app.fatal = null;
  app.ready = false;
  app.info = null;
});

describe("App shell", () => {
  it("shows a full-window Dutch error when app_info fails", async () => {
    mockIPC((cmd) => {
      if (cmd === "app_info")
        return Promise.reject({
          code: "wrong_key",
          message: "De sleutel opent deze database niet, of het bestand is geen Tafel-database. Er is niets gewijzigd.",
          message_en: "the key does not open this database",
          fields: [],
          rows: [],
        });
      return taxonomy;
    });
    show(App, {});
    await settle();
    const fatal = document.querySelector('[data-testid="fatal-error"]');
    expect(fatal?.textContent).toContain("De sleutel opent deze database niet");
    expect(document.querySelector('[data-testid="nav-cases"]')).toBeNull();
  });

  it("shows navigation with counts, the database path and the language toggle", async () => {
    mockIPC((cmd) => {
      if (cmd === "app_info") return appInfo;
      if (cmd === "taxonomy") return taxonomy;
      if (cmd === "list_case_page") return { total: 0, offset: 0, rows: [] };
      if (cmd === "list_views") return [];
      if (cmd === "home") return home;
      throw new Error(cmd);
    });
    show(App, {});
    await settle();
    // The app opens on "Vandaag", first in the navigation.
    expect(document.querySelector('[data-testid="home"]')).not.toBeNull();
    expect(document.querySelector('nav a')?.getAttribute("data-testid")).toBe("nav-home");
    expect(document.querySelector('[data-testid="nav-home"]')?.getAttribute("aria-current")).toBe("page");
    expect(document.querySelector('[data-testid="nav-meetings"]')?.textContent).toContain("Overleggen");
    expect(document.querySelector('[data-testid="nav-cases"]')?.textContent).toContain("Casussen");
    expect(document.querySelector('[data-testid="nav-register"]')?.textContent).toContain("5");
    expect(document.body.textContent).toContain(appInfo.db_path);
    const toggle = document.querySelector<HTMLButtonElement>('[data-testid="lang-toggle"]')!;
    toggle.click();
    flushSync();
    expect(document.querySelector('[data-testid="nav-cases"]')?.textContent).toContain("Cases");
    expect(document.documentElement.lang).toBe("en");
    toggle.click();
    flushSync();
  });
});
