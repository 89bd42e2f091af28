import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "./i18n";
import { hrefOf, parseHash, sectionOf } from "./router.svelte";
import { bundleText, fingerprintGroups, importText, isCoordinator, sizeText } from "./sharing";
import { coordinatorIdentity, joinedMember, memberIdentity, syncReport } from "../test/sharingFixtures";

afterEach(() => setLanguage("nl"));

describe("sharing helpers", () => {
  it("reads a fingerprint as groups of five digits, however it is spaced", () => {
    expect(fingerprintGroups("12345 67890 13579")).toEqual(["12345", "67890", "13579"]);
    expect(fingerprintGroups("1234567890")).toEqual(["12345", "67890"]);
    expect(fingerprintGroups(" 12345-67890\n")).toEqual(["12345", "67890"]);
  });

  it("says sizes as people read them", () => {
    expect(sizeText(812)).toBe("812 bytes");
    expect(sizeText(12_400)).toBe("12,4 kB");
    expect(sizeText(3_100_000)).toBe("3,1 MB");
    setLanguage("en");
    expect(sizeText(12_400)).toBe("12.4 kB");
  });

  it("says what a bundle did, or why it was refused in the core's words", () => {
    const read = syncReport.bundles[0];
    expect(bundleText(read)).toBe("412 wijzigingen van Marieke Jansen (Coördinator). U neemt deel aan Financieringstafel Utrecht.");
    const summary = { ...read.imported!, joined: null, responses: 1, conflicts: 2 };
    expect(importText(summary)).toBe("412 wijzigingen van Marieke Jansen (Coördinator), 1 antwoord op een casuspagina, 2 conflicten");
    expect(importText({ ...summary, changes: 1, responses: 3, conflicts: 1 })).toBe("1 wijziging van Marieke Jansen (Coördinator), 3 antwoorden op casuspagina's, 1 conflict");
    const refused = { file: "kapot.tafel", imported: null, refused_code: "sync_tampered", refused_nl: "De bundel is veranderd.", refused_en: "The bundle was changed." };
    expect(bundleText(refused)).toBe("geweigerd: De bundel is veranderd.");
    setLanguage("en");
    expect(bundleText(refused)).toBe("refused: The bundle was changed.");
  });

  it("knows the coordinator's device by its roster role, or before a table by its identity", () => {
    expect(isCoordinator(null)).toBe(false);
    expect(isCoordinator(coordinatorIdentity)).toBe(true);
    expect(isCoordinator({ ...coordinatorIdentity, role: null, table: null })).toBe(true);
    expect(isCoordinator(memberIdentity)).toBe(false);
    expect(isCoordinator(joinedMember)).toBe(false);
  });

  it("routes Delen and Tafelcasussen", () => {
    expect(parseHash("#/sharing")).toEqual({ name: "sharing" });
    expect(parseHash("#/inbox")).toEqual({ name: "inbox" });
    expect(parseHash("#/inbox/case-1")).toEqual({ name: "inbox-case", id: "case-1" });
    expect(hrefOf({ name: "inbox-case", id: "a/b" })).toBe("#/inbox/a%2Fb");
    expect(sectionOf({ name: "inbox-case", id: "x" })).toBe("inbox");
    expect(sectionOf({ name: "sharing" })).toBe("sharing");
  });
});
