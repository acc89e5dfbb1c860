import type { Readable } from 'node:stream';
import { BuildkitClient } from '../buildkit/client.js';
import type { HistoryRecord } from '../buildkit/types.js';
import { readLogFrames } from '../collect/logs-blob.js';
import { ProgressCollector } from '../collect/progress.js';
import { stepTotals, type StepTotals } from '../assemble/step-count.js';
import { errorMessage } from '../core/errors.js';
import { debug } from '../core/log.js';

// A past build's steps and cached steps, counted from its replayed progress as
// the report counts them (assemble/step-count.ts). The record's own
// numTotalSteps counts every vertex BuildKit ran, its internal ones and each
// FROM included: 7 "steps" for a Dockerfile with two RUN lines.

/** What counting needs from a BuildKit client. */
export interface LogsReader {
  readBlob(digest: string): Readable;
}

/** The record's step totals; undefined when it has no progress log yet (still running) or the log cannot be read. */
export async function recordStepTotals(client: LogsReader, record: HistoryRecord): Promise<StepTotals | undefined> {
  if (!record.logs) return undefined;
  const progress = new ProgressCollector();
  try {
    for await (const frame of readLogFrames(client.readBlob(record.logs.digest))) progress.apply(BuildkitClient.decodeStatus(frame));
  } catch (error) {
    debug(`steps of ${record.ref} not counted: ${errorMessage(error)}`);
    return undefined;
  }
  return stepTotals(progress.vertexes.values());
}

/** The totals of several records, a few logs read at a time, in the records' order. */
export async function recordsStepTotals(
  client: LogsReader,
  records: readonly HistoryRecord[],
  parallel = 4,
): Promise<Array<StepTotals | undefined>> {
  const out: Array<StepTotals | undefined> = new Array<StepTotals | undefined>(records.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < records.length; i = next++) {
      const record = records[i];
      if (record) out[i] = await recordStepTotals(client, record);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, records.length) }, worker));
  return out;
}
