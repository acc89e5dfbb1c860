// Reading an errno code off an unknown thrown value without casting it.

/** The `code` of a Node system error (ENOENT, EACCES, ...), if it has one. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}
