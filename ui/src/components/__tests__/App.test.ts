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
import startScript from "../../../public/start.js?raw";


afterEach(() => {
  delete (globalThis as { __tafelStarted?: unknown }).__tafelStarted;
  window.location.hash = "";
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

  it("takes the answers public/start.js asked for before the bundle ran, and sends none of them again", async () => {
    const sent: string[] = [];
    mockIPC((cmd) => {
      sent.push(cmd);
      if (cmd === "app_info") return appInfo;
      if (cmd === "taxonomy") return taxonomy;
      if (cmd === "home") return home;
      if (cmd === "list_views") return [];
      if (cmd === "list_case_page") return { total: 0, offset: 0, rows: [] };
      return null;
    });
    new Function(startScript)();
    expect(sent).toEqual(["app_info", "taxonomy", "home"]);
    show(App, {});
    await settle();
    expect(document.querySelector('[data-testid="nav-register"]')?.textContent).toContain("5");
    expect(document.querySelectorAll('[data-testid="home-followup"]').length).toBe(home.follow_ups_due.length);
    for (const cmd of ["app_info", "taxonomy", "home"]) expect(sent.filter((c) => c === cmd)).toEqual([cmd]);
  });

  it("shows the full-window error when app_info, sent by public/start.js, failed", async () => {
    mockIPC((cmd) => {
      if (cmd === "app_info") return Promise.reject({ code: "wrong_key", message: "De sleutel opent deze database niet.", message_en: "wrong key", fields: [], rows: [] });
      if (cmd === "taxonomy") return taxonomy;
      if (cmd === "home") return Promise.reject({ code: "wrong_key", message: "De sleutel opent deze database niet.", message_en: "wrong key", fields: [], rows: [] });
      return null;
    });
    new Function(startScript)();
    show(App, {});
    await settle();
    expect(document.querySelector('[data-testid="fatal-error"]')?.textContent).toContain("De sleutel opent deze database niet");
  });

  it("public/start.js sends nothing when the window opens on another page than Vandaag", () => {
    const sent: string[] = [];
    mockIPC((cmd) => {
      sent.push(cmd);
      return null;
    });
    window.location.hash = "#/meetings/m1/slide";
    new Function(startScript)();
    window.location.hash = "#/cases";
    new Function(startScript)();
    expect(sent).toEqual([]);
    expect((globalThis as { __tafelStarted?: unknown }).__tafelStarted).toBeUndefined();
  });
});
