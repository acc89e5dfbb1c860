// Reads a buildlens report directory (or its report.json) back: the report,
// validated against schema v1 as it was written, and the cache inputs kept
// beside it when there are any. A damaged cache-inputs.json costs only the
// diagnosis it would have allowed: it becomes a note, not an error.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errnoCode } from '../context/errno.js';
import { errorMessage } from '../core/errors.js';
import { reportSchema, type Note, type Report } from '../model/report.js';
import { CACHE_INPUTS_FILE, cacheInputsSchema, type CacheInputs } from './cache-inputs.js';
import { ReportDirError } from './errors.js';

const REPORT_FILE = 'report.json';
const MAX_REPORT_BYTES = 256 * 1024 * 1024;
const MAX_CACHE_INPUTS_BYTES = 64 * 1024 * 1024;
const SCHEMA_VERSION = 1;

/** What a report directory holds. */
export interface ReportDirContents {
  dir: string;
  reportPath: string;
  report: Report;
  cacheInputs?: CacheInputs;
  /** Why cache inputs beside the report were not used, when they were not. */
  notes: Note[];
}

// Reads a regular file of at most `limit` bytes; undefined when it does not exist.
async function readSmallFile(path: string, limit: number): Promise<string | undefined> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile())
      throw new ReportDirError('unreadable', `cannot read ${path}: ${info.isDirectory() ? 'it is a directory' : 'not a regular file'}`);
    size = info.size;
  } catch (error) {
    if (error instanceof ReportDirError) throw error;
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw new ReportDirError('unreadable', `cannot read ${path}: ${errnoCode(error) ?? errorMessage(error)}`, { cause: error });
  }
  if (size > limit) throw new ReportDirError('invalid', `${path} is ${size} bytes, more than a report file can be (${limit})`);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ReportDirError('unreadable', `cannot read ${path}: ${errnoCode(error) ?? errorMessage(error)}`, { cause: error });
  }
}

function parseReport(path: string, text: string): Report {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the file's text: keep it out of the one line.
    throw new ReportDirError('invalid', `${path} is not JSON`, { cause: error });
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version !== 'number')
    throw new ReportDirError('not-a-report', `${path} is not a buildlens report.json: it has no schemaVersion`);
  if (version > SCHEMA_VERSION) {
    throw new ReportDirError(
      'newer-schema',
      `${path} has report schemaVersion ${version}, newer than this buildlens reads (${SCHEMA_VERSION})`,
    );
  }
  const parsed = reportSchema().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReportDirError(
      'invalid',
      `${path} does not match report schema v1 at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

async function readCacheInputs(dir: string, report: Report): Promise<{ cacheInputs?: CacheInputs; note?: Note }> {
  const path = join(dir, CACHE_INPUTS_FILE);
  try {
    const text = await readSmallFile(path, MAX_CACHE_INPUTS_BYTES);
    if (text === undefined) return {};
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { note: { topic: 'cache', message: `${path} ignored: it is not JSON` } };
    }
    const parsed = cacheInputsSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        note: { topic: 'cache', message: `${path} ignored: it does not match its format at ${issue?.path.join('.') || 'top level'}` },
      };
    }
    if (parsed.data.ref !== report.build.ref) {
      return {
        note: {
          topic: 'cache',
          message: `${path} ignored: it belongs to build ${parsed.data.ref}, not to the report's ${report.build.ref}`,
        },
      };
    }
    return { cacheInputs: parsed.data };
  } catch (error) {
    return { note: { topic: 'cache', message: `${path} ignored: ${errorMessage(error)}` } };
  }
}

/** Reads a report directory, or a report.json file and the directory it is in. */
export async function readReportDir(path: string): Promise<ReportDirContents> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (error) {
    const why = errnoCode(error) === 'ENOENT' ? 'no such file or directory' : (errnoCode(error) ?? errorMessage(error));
    throw new ReportDirError('unreadable', `cannot read report ${path}: ${why}`, { cause: error });
  }
  const reportPath = isDir ? join(path, REPORT_FILE) : path;
  const text = await readSmallFile(reportPath, MAX_REPORT_BYTES);
  if (text === undefined) throw new ReportDirError('not-a-report', `${path} is not a buildlens report directory: it has no ${REPORT_FILE}`);
  const report = parseReport(reportPath, text);
  const dir = isDir ? path : dirname(path);
  // Cache inputs sit beside report.json; ones of another build (a report.json copied around) are ignored by ref.
  const inputs = await readCacheInputs(dir, report);
  const contents: ReportDirContents = { dir, reportPath, report, notes: inputs.note ? [inputs.note] : [] };
  if (inputs.cacheInputs) contents.cacheInputs = inputs.cacheInputs;
  return contents;
}
