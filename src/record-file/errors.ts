// The one error reading a build record file throws: a kind for callers and
// tests, and a one-line message naming the file and what was tried.
import { BuildlensError } from '../core/errors.js';

/** Why a build record file could not be used. */
export type RecordFileProblem =
  /** The file could not be opened or read (missing, a directory, no permission). */
  | 'unreadable'
  /** Readable, but not an OCI layout holding a BuildKit history record. */
  | 'not-a-record'
  /** The gzip or tar stream ends early. */
  | 'truncated'
  /** A blob does not match its digest, or a record's JSON is malformed. */
  | 'corrupt'
  /** Records in a format newer than this buildlens reads. */
  | 'unsupported'
  /** The #REF asked for is not among the file's records. */
  | 'ref-not-found'
  /** A blob asked for is not in the file (layer contents never are). */
  | 'blob-missing';

/** A build record file (`.dockerbuild`) that cannot serve what was asked (exit 2: bad input). */
export class RecordFileError extends BuildlensError {
  readonly problem: RecordFileProblem;
  constructor(problem: RecordFileProblem, message: string, options?: ErrorOptions) {
    super(message, 2, options);
    this.problem = problem;
  }
}
