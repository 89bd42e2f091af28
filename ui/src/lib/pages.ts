// The pages behind the shell, each a script of its own loaded when it is first shown: at launch
// the window parses only the shell and Vandaag (HomePage, imported by App.svelte itself), and the
// rest of the UI (the case page, the register, meetings, import, report, …) waits until asked.

import type { Component } from "svelte";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PageComponent = Component<any>;
export type PageLoader = () => Promise<{ default: PageComponent }>;

export const pages = {
  cases: () => import("../components/cases/CaseListPage.svelte"),
  caseForm: () => import("../components/cases/CaseFormPage.svelte"),
  case: () => import("../components/cases/CasePage.svelte"),
  capture: () => import("../components/capture/QuickCapturePage.svelte"),
  register: () => import("../components/register/RegisterPage.svelte"),
  financierForm: () => import("../components/register/FinancierFormPage.svelte"),
  financier: () => import("../components/register/FinancierPage.svelte"),
  meetings: () => import("../components/meetings/MeetingListPage.svelte"),
  meetingNew: () => import("../components/meetings/MeetingNewPage.svelte"),
  meeting: () => import("../components/meetings/MeetingPage.svelte"),
  present: () => import("../components/meetings/PresentationPage.svelte"),
  projector: () => import("../components/meetings/ProjectorPage.svelte"),
  import: () => import("../components/import/ImportPage.svelte"),
  data: () => import("../components/data/DataPage.svelte"),
  report: () => import("../components/report/ReportPage.svelte"),
  sharing: () => import("../components/sharing/SharingPage.svelte"),
  inbox: () => import("../components/sharing/InboxPage.svelte"),
  settings: () => import("../components/settings/SettingsPage.svelte"),
  sharedCase: () => import("../components/sharing/SharedCasePage.svelte"),
} satisfies Record<string, PageLoader>;

/** Pages already loaded: shown again at once, without a loading state. */
const loaded = new Map<PageLoader, PageComponent>();
/** Loads in flight, so a page asked for twice is fetched once. */
const loading = new Map<PageLoader, Promise<PageComponent>>();

/** The page's component if its script is loaded already. */
export function loadedPage(load: PageLoader): PageComponent | null {
  return loaded.get(load) ?? null;
}

/** Loads a page's script (once); a failed load may be tried again. */
export function loadPage(load: PageLoader): Promise<PageComponent> {
  const done = loaded.get(load);
  if (done) return Promise.resolve(done);
  let pending = loading.get(load);
  if (!pending) {
    pending = load().then(
      (module) => {
        loaded.set(load, module.default);
        loading.delete(load);
        return module.default;
      },
      (err: unknown) => {
        loading.delete(load);
        throw err;
      },
    );
    loading.set(load, pending);
  }
  return pending;
}

/** Loads pages in the background (after the first screen): the next click shows them at once. */
export function prefetchPages(...loads: PageLoader[]): void {
  for (const load of loads) void loadPage(load).catch(() => undefined);
}
