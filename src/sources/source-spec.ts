import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { parseRecordFileSpec } from '../record-file/index.js';

// What a SOURCE named on the command line is, in one place for every command
// that names builds (`report`, `why` and its `--compare`, `build --baseline`,
// `diff`): a ref in the builder's history (or `last`), an exported build
// record (`FILE.dockerbuild`, `FILE#REF` for one of several), or a buildlens
// report directory (or its report.json). Only a history ref needs a builder.

/** A source named on the command line. */
export type SourceSpec =
  /** A ref in the builder's history, or `last`. */
  | { kind: 'history'; ref: string }
  /** A `.dockerbuild` file, and the record picked from it. */
  | { kind: 'record-file'; path: string; ref?: string }
  /** A report directory, or a report.json file. */
  | { kind: 'report'; path: string };

/** What a path is on disk. */
export type PathKind = 'file' | 'dir' | 'none';

/** How the spec looks at the file system (a seam for tests). */
export interface PathProbe {
  kind(path: string): PathKind;
  /** The first bytes of a file (to tell JSON from a record archive). */
  head(path: string): Buffer;
}

/** The real file system. */
export const fsProbe: PathProbe = {
  kind(path) {
    try {
      const info = statSync(path);
      return info.isDirectory() ? 'dir' : 'file';
    } catch {
      return 'none';
    }
  },
  head(path) {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      const buffer = Buffer.alloc(64);
      return buffer.subarray(0, readSync(fd, buffer, 0, 64, 0));
    } catch {
      return Buffer.alloc(0);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
};

// Written like a path rather than a ref: refs are bare words ([a-z0-9]).
function looksLikePath(text: string): boolean {
  return /[/\\]/.test(text) || text.startsWith('.') || /\.(dockerbuild|json)(#.*)?$/i.test(text);
}

// A report.json starts with "{" (after whitespace); a record file with gzip or tar bytes.
function isJsonFile(path: string, probe: PathProbe): boolean {
  if (/\.json$/i.test(path)) return true;
  const head = probe.head(path).toString('latin1').trimStart();
  return head.startsWith('{');
}

/** What `text` names; an existing path wins over a ref, except `last`. A path that does not exist is a UsageError naming it. */
export function parseSourceSpec(text: string, probe: PathProbe = fsProbe): SourceSpec {
  if (text === '') throw new UsageError('an empty SOURCE: name a history ref, `last`, a .dockerbuild file or a report directory');
  if (text === 'last') return { kind: 'history', ref: 'last' };
  const kind = probe.kind(text);
  if (kind === 'dir') return { kind: 'report', path: text };
  if (kind === 'file') return isJsonFile(text, probe) ? { kind: 'report', path: text } : { kind: 'record-file', path: text };
  const spec = parseRecordFileSpec(text, (p) => probe.kind(p) === 'file');
  if (spec.ref !== undefined && probe.kind(spec.path) === 'file') return { kind: 'record-file', path: spec.path, ref: spec.ref };
  if (looksLikePath(text)) {
    throw new UsageError(
      `${spec.path}: no such file or directory (a SOURCE is a history ref, \`last\`, a .dockerbuild file or a report directory)`,
    );
  }
  return { kind: 'history', ref: text };
}

/** The spec as the user would write it (for messages). */
export function describeSource(spec: SourceSpec): string {
  if (spec.kind === 'history') return spec.ref;
  if (spec.kind === 'record-file') return spec.ref === undefined ? spec.path : `${spec.path}#${spec.ref}`;
  return spec.path;
}
