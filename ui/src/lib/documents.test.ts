import { describe, expect, it } from "vitest";
import { openedText } from "./documents";

describe("document helpers", () => {
  it("says where an opened document's copy is and when it goes", () => {
    const opened = { path: "/tmp/tafel/offerte.pdf", viewer_started: true, removed_when_viewer_exits: true };
    expect(openedText(opened)).toBe("Geopend: /tmp/tafel/offerte.pdf. De tijdelijke kopie wordt verwijderd zodra de viewer sluit.");
    expect(openedText({ ...opened, removed_when_viewer_exits: false })).toBe("Geopend: /tmp/tafel/offerte.pdf. De tijdelijke kopie wordt verwijderd als Tafel sluit.");
    expect(openedText({ ...opened, viewer_started: false })).toContain("Geen programma gevonden");
  });
});
