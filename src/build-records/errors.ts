// The one error the state store throws; callers treat it as a lost note, not a failed build.

/** The state directory could not be created or written, or a record was invalid. */
export class StateStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StateStoreError';
  }
}
