// A build record file named on the command line, optionally with the record
// to use: `build.dockerbuild#REF`. A path that itself contains "#" is taken
// whole when a file of that name exists.

/** A record file path and the ref picked from it, if any. */
export interface RecordFileSpec {
  path: string;
  ref?: string;
}

/** Splits `FILE#REF`; `isFile` says whether a path names an existing file. */
export function parseRecordFileSpec(source: string, isFile: (path: string) => boolean): RecordFileSpec {
  const hash = source.lastIndexOf('#');
  if (hash <= 0 || isFile(source)) return { path: source };
  const ref = source.slice(hash + 1);
  return ref === '' ? { path: source.slice(0, hash) } : { path: source.slice(0, hash), ref };
}
