// Fingerprints in a report directory come from the state store's keyed HMAC
// (src/state/key.ts): comparable between builds made with the same key,
// never reversible. The keyId names the key without revealing it, so a
// reader can tell whether two files' fingerprints can be compared at all.

/** A keyed fingerprint function and the id of its key. */
export interface Fingerprinter {
  keyId: string;
  fingerprint(value: string): string;
}

// A fixed input whose fingerprint identifies the key: an HMAC output says nothing about its key.
const KEY_ID_INPUT = 'buildlens key id v1';

/** Wraps a fingerprint function (such as StateStore.fingerprint) with the id of its key. */
export function fingerprinterOf(fingerprint: (value: string) => string): Fingerprinter {
  return { keyId: fingerprint(KEY_ID_INPUT), fingerprint };
}
