// The one error of reading an image's layout, kept apart so platform choice and layouts share it.

/** Why a layout could not be read: `message` is one line, without the source's name. */
export class LayoutError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-image' | 'ambiguous' | 'no-match' = 'not-image',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
