// @vitest-environment jsdom
import { createRawSnippet } from "svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import HomePanel from "../home/HomePanel.svelte";
import { $, $$, all } from "../../test/dom";
import { show, tearDown } from "../../test/mount";

type Item = { id: string; text: string };

const line = createRawSnippet((item: () => Item) => ({ render: () => `<li data-testid="line">${item().text}</li>` }));
const emptyMore = createRawSnippet(() => ({ render: () => `<a href="#/meetings/new">Nieuw overleg</a>` }));
const base = { testid: "panel", id: "panel-title", title: "Actiepunten", key: (i: Item) => i.id, empty: "Niets deze week.", line };

beforeEach(() => {
  document.body.innerHTML = "";
});

afterEach(tearDown);

describe("HomePanel", () => {
  it("names its lines in the heading it is labelled by, and lists them", () => {
    show(HomePanel<Item>, { props: { ...base, items: [{ id: "a", text: "Bellen" }, { id: "b", text: "Mailen" }] } });
    const panel = $("panel");
    expect(panel.getAttribute("aria-labelledby")).toBe("panel-title");
    expect(document.getElementById("panel-title")?.textContent).toBe("Actiepunten 2");
    expect(all("line").map((li) => li.textContent)).toEqual(["Bellen", "Mailen"]);
    expect($$("p", panel)).toHaveLength(0);
    expect(panel.classList.contains("wide")).toBe(false);
  });

  it("says there is nothing, with what the page adds, and no list", () => {
    show(HomePanel<Item>, { props: { ...base, items: [], emptyMore, wide: true } });
    const panel = $("panel");
    expect($$("p", panel).map((p) => p.textContent)).toEqual(["Niets deze week. Nieuw overleg"]);
    expect($$("ul", panel)).toHaveLength(0);
    expect(document.getElementById("panel-title")?.textContent).toBe("Actiepunten 0");
    expect(panel.classList.contains("wide")).toBe(true);
  });

  it("has no trailing text after the empty line without more", () => {
    show(HomePanel<Item>, { props: { ...base, items: [] } });
    expect($$("p", $("panel"))[0].textContent).toBe("Niets deze week.");
  });
});
