// What the build context argument names. buildx takes a local directory, `-`
// (a tarball or Dockerfile on stdin), or a remote one: a URL such as
// https://… or git://…, or a git address like git@host:repo.git. Only a local
// directory can be scanned, hashed or read for config files.

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\/|^git@/i;

/** Whether the context argument names a remote context (URL or git address). */
export function isRemoteContext(arg: string): boolean {
  return REMOTE.test(arg);
}

/** Whether the context argument names a local directory (not `-`, not remote). */
export function isLocalContext(arg: string | undefined): arg is string {
  return arg !== undefined && arg !== '-' && !isRemoteContext(arg);
}
