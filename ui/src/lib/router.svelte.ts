// Hash routing: #/home (the landing page), #/cases, #/cases/new, #/cases/<id>, #/cases/<id>/edit,
// #/capture, #/meetings, #/meetings/new, #/meetings/<id>, #/meetings/<id>/present,
// #/register, #/register/new, #/register/<id>, #/import, #/data, #/report, #/sharing (Delen),
// #/inbox (a member's Tafelcasussen), #/inbox/<case id>, #/settings (Instellingen), and
// #/meetings/<id>/slide: the slide alone, in the presenter window on the projector.

import { beginBusy } from "./busy";

export type Route =
  | { name: "home" }
  | { name: "cases" }
  | { name: "case-new" }
  | { name: "case"; id: string }
  | { name: "case-edit"; id: string }
  | { name: "capture" }
  | { name: "register" }
  | { name: "financier-new" }
  | { name: "financier"; id: string }
  | { name: "meetings" }
  | { name: "meeting-new" }
  | { name: "meeting"; id: string }
  | { name: "present"; id: string }
  | { name: "slide"; id: string }
  | { name: "settings" }
  | { name: "import" }
  | { name: "data" }
  | { name: "report" }
  | { name: "sharing" }
  | { name: "inbox" }
  | { name: "inbox-case"; id: string };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [section, id, action] = parts;
  if (section === "register") return id === "new" ? { name: "financier-new" } : id ? { name: "financier", id } : { name: "register" };
  if (section === "capture") return { name: "capture" };
  if (section === "import") return { name: "import" };
  if (section === "data") return { name: "data" };
  if (section === "report") return { name: "report" };
  if (section === "sharing") return { name: "sharing" };
  if (section === "settings") return { name: "settings" };
  if (section === "inbox") return id ? { name: "inbox-case", id } : { name: "inbox" };
  if (section === "cases" && id === "new") return { name: "case-new" };
  if (section === "cases" && id) return action === "edit" ? { name: "case-edit", id } : { name: "case", id };
  if (section === "cases") return { name: "cases" };
  if (section === "meetings" && id === "new") return { name: "meeting-new" };
  if (section === "meetings" && id) return action === "present" ? { name: "present", id } : action === "slide" ? { name: "slide", id } : { name: "meeting", id };
  if (section === "meetings") return { name: "meetings" };
  return { name: "home" };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case "home":
      return "#/home";
    case "cases":
      return "#/cases";
    case "case-new":
      return "#/cases/new";
    case "case":
      return `#/cases/${encodeURIComponent(route.id)}`;
    case "case-edit":
      return `#/cases/${encodeURIComponent(route.id)}/edit`;
    case "capture":
      return "#/capture";
    case "register":
      return "#/register";
    case "financier-new":
      return "#/register/new";
    case "financier":
      return `#/register/${encodeURIComponent(route.id)}`;
    case "meetings":
      return "#/meetings";
    case "meeting-new":
      return "#/meetings/new";
    case "meeting":
      return `#/meetings/${encodeURIComponent(route.id)}`;
    case "present":
      return `#/meetings/${encodeURIComponent(route.id)}/present`;
    case "slide":
      return `#/meetings/${encodeURIComponent(route.id)}/slide`;
    case "settings":
      return "#/settings";
    case "import":
      return "#/import";
    case "data":
      return "#/data";
    case "report":
      return "#/report";
    case "sharing":
      return "#/sharing";
    case "inbox":
      return "#/inbox";
    case "inbox-case":
      return `#/inbox/${encodeURIComponent(route.id)}`;
  }
}

const hasWindow = typeof window !== "undefined" && typeof window.location !== "undefined";

export const router = $state<{ route: Route }>({ route: hasWindow ? parseHash(window.location.hash) : { name: "home" } });

if (hasWindow && typeof window.addEventListener === "function") {
  window.addEventListener("hashchange", () => {
    router.route = parseHash(window.location.hash);
  });
}

/** Goes to a route; `replace` keeps the current page out of the back history (e.g. a saved form). */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  // Busy from the click on, so nobody sees the old page as "idle" before the new one starts loading.
  const end = beginBusy();
  setTimeout(end, 0);
  const href = hrefOf(route);
  if (hasWindow) {
    if (options.replace && typeof history !== "undefined") history.replaceState(null, "", href);
    else if (window.location.hash !== href) window.location.hash = href;
  }
  router.route = route;
}

/** Handles a plain click on an in-app link (`#/…`) at once instead of waiting for `hashchange`. */
export function interceptLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  const target = event.target instanceof Element ? event.target.closest("a") : null;
  const href = target?.getAttribute("href");
  if (!href || !href.startsWith("#/")) return;
  event.preventDefault();
  navigate(parseHash(href));
}

export type Section = "home" | "cases" | "meetings" | "register" | "import" | "data" | "report" | "sharing" | "inbox" | "settings";

/** The section of the left navigation a route belongs to. */
export function sectionOf(route: Route): Section {
  if (route.name === "register" || route.name === "financier" || route.name === "financier-new") return "register";
  if (route.name === "meetings" || route.name === "meeting" || route.name === "meeting-new" || route.name === "present" || route.name === "slide") return "meetings";
  if (route.name === "settings") return "settings";
  if (route.name === "import" || route.name === "data" || route.name === "home") return route.name;
  if (route.name === "report") return "report";
  if (route.name === "sharing") return "sharing";
  if (route.name === "inbox" || route.name === "inbox-case") return "inbox";
  return "cases";
}
