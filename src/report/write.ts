import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic as writeShared } from '../fs/atomic-write.js';
import { reportSchema, type Report } from '../model/report.js';

// Writes report files atomically (temp file, fsync, rename): a killed
// buildlens never leaves a truncated report.json or a half-written baseline.

/** A renderer of one report format. */
export type Renderer = (report: Report) => string;

/** Validates the report against schema v1 and returns its JSON text. */
export function renderJson(report: Report): string {
  const checked = reportSchema.safeParse(report);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`internal error: report does not match schema v1 at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
  }
  return `${JSON.stringify(checked.data, null, 2)}\n`;
}

/** Writes a report file atomically (readable by others, as reports are shared). */
export function writeFileAtomic(path: string, text: string): Promise<void> {
  return writeShared(path, text, { mode: 0o644 });
}

/** Writes report.json (always) and the other requested formats into dir; returns the paths written. */
export async function writeReportFiles(dir: string, report: Report, renderers: Record<string, { file: string; render: Renderer }>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const json = join(dir, 'report.json');
  await writeFileAtomic(json, renderJson(report));
  written.push(json);
  for (const { file, render } of Object.values(renderers)) {
    const path = join(dir, file);
    await writeFileAtomic(path, render(report));
    written.push(path);
  }
  return written;
}
