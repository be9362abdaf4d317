// The analyst's API key lives in sessionStorage: it survives a reload of the tab but not the
// closing of the browser, and other tabs or sites never see it.
const storageKey = 'riposte.apiKey';

/** The key pasted in this tab, if any. */
export function readSessionKey(): string | null {
  try {
    return sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export function saveSessionKey(key: string): void {
  sessionStorage.setItem(storageKey, key);
}

export function forgetSessionKey(): void {
  sessionStorage.removeItem(storageKey);
}
