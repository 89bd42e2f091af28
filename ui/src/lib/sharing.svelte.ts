// What the navigation and the sharing screens share: this device's identity (loaded at start and
// after every change) and how many of the member's table cases are new or changed.

import { api } from "./api";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { IdentityView } from "./bindings/IdentityView";
import type { JoinOffer } from "./bindings/JoinOffer";
import { track } from "./busy";
import { isCoordinator } from "./sharing";

export const sharing = $state<{ identity: IdentityView | null; loaded: boolean; marked: number }>({ identity: null, loaded: false, marked: 0 });

/** A member's device (not the coordinator's): it has table cases to read and answer. */
export function isMemberDevice(): boolean {
  return sharing.identity !== null && !isCoordinator(sharing.identity);
}

/** Reloads the identity, and for a member the count of new and changed table cases; a failure keeps what was shown. */
export async function refreshSharing(): Promise<void> {
  try {
    sharing.identity = await track(api.sharingIdentity());
    if (isMemberDevice()) {
      const cases = await track(api.sharedCases());
      sharing.marked = cases.filter((c) => c.marker !== null).length;
    } else {
      sharing.marked = 0;
    }
  } catch {
    // The navigation keeps its last state; the sharing screen shows its own errors.
  } finally {
    sharing.loaded = true;
  }
}

/** A bundle Tafel was started to open (a double-click on a `.tafel` file): the sharing screen reads it. */
export const pendingBundle = $state<{ path: string | null }>({ path: null });

/** At start: the bundle a double-click opened, if any, waits for the sharing screen, which is shown. */
export async function takeOpenedBundle(show: () => void): Promise<void> {
  try {
    const path = await track(api.openedBundle());
    if (path) {
      pendingBundle.path = path;
      show();
    }
  } catch {
    // Nothing was opened with the app.
  }
}

/** Sets what is known after a command answered with the identity. */
export function setIdentity(identity: IdentityView | null): void {
  sharing.identity = identity;
}

/** Joining a table from a refused sync or bundle import: the invitation the dialog shows, and the retry
 *  with the fingerprint typed (whose refusal, e.g. a mismatch, the dialog shows in turn). */
export class Joining {
  offer = $state.raw<JoinOffer | null>(null);
  error = $state.raw<ErrorPayload | null>(null);
  working = $state(false);
  private retry: ((fingerprint: string) => Promise<void>) | null = null;

  /** After `sync_not_joined`: finds the invitation and opens the dialog; false when there is none to show. */
  async open(find: () => Promise<JoinOffer | null>, retry: (fingerprint: string) => Promise<void>): Promise<boolean> {
    try {
      this.offer = await track(find());
    } catch {
      this.offer = null;
    }
    this.error = null;
    this.retry = this.offer ? retry : null;
    return this.offer !== null;
  }

  /** "Deelnemen": runs the retry with what was typed. */
  async join(fingerprint: string): Promise<void> {
    if (!this.retry || this.working) return;
    this.working = true;
    try {
      await this.retry(fingerprint);
    } finally {
      this.working = false;
    }
  }

  /** Whether the dialog is open (a refusal during the retry belongs in it). */
  get active(): boolean {
    return this.offer !== null;
  }

  close(): void {
    this.offer = null;
    this.error = null;
    this.retry = null;
  }
}
