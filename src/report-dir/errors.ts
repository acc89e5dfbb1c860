// The one error reading a report directory back throws.
import { BuildlensError } from '../core/errors.js';

/** Why a report directory or report.json could not be used. */
export type ReportDirProblem = 'unreadable' | 'not-a-report' | 'invalid' | 'newer-schema';

/** A report directory or report.json that cannot be read as a build (exit 2: bad input). */
export class ReportDirError extends BuildlensError {
  readonly problem: ReportDirProblem;
  constructor(problem: ReportDirProblem, message: string, options?: ErrorOptions) {
    super(message, 2, options);
    this.problem = problem;
  }
}
