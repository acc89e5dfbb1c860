import { beforeAll, describe, expect, test } from 'vitest';
import type { HistoryRecord } from '../../src/buildkit/types.js';
import { NotFoundError } from '../../src/core/errors.js';
import { resolveHistoryRef } from '../../src/pipeline/history-ref.js';
import { listingSession, recordedHistory } from '../support/recorded-history.js';

// `report REF|last` and `why REF|last` pick their build from the builder's
// history: here the records of the recorded builds (test/fixtures).

let history: HistoryRecord[];
beforeAll(async () => {
  history = await recordedHistory();
});

// The NotFoundError (exit 1, one line) resolving `ref` gives.
async function notFound(records: HistoryRecord[], ref: string, builder = 'default'): Promise<string> {
  const error = await resolveHistoryRef(listingSession(records, builder), ref).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NotFoundError);
  expect((error as NotFoundError).exitCode).toBe(1);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

describe('resolveHistoryRef', () => {
  test('`last` is the newest finished build', async () => {
    // multi-platform was recorded last.
    expect(await resolveHistoryRef(listingSession(history), 'last')).toBe('pyks2c6y3cvt2tzl6hk4wp2i0');
  });

  test('`last` skips a build still running, and may be a failed one', async () => {
    const [newest, ...rest] = history;
    const running = { ...newest! };
    delete running.completedAt;
    // The next newest is the failed RUN (exit 7).
    expect(rest[0]?.error).toBeDefined();
    expect(await resolveHistoryRef(listingSession([running, ...rest]), 'last')).toBe('m8hymovk3jnhtcezz3bbm37jc');
  });

  test('a ref in the history is taken as it is', async () => {
    for (const record of history) expect(await resolveHistoryRef(listingSession(history), record.ref)).toBe(record.ref);
  });

  test('a ref not in the history names it and the builder, and how to list builds', async () => {
    expect(await notFound(history, 'qwqz3nqwqyq4zq6zq4zq6zq4z', 'ci')).toBe('no build "qwqz3nqwqyq4zq6zq4zq6zq4z" in the history of builder "ci" (`buildlens history` lists them)');
  });

  test('a ref is matched whole, not by prefix', async () => {
    expect(await notFound(history, 'pyks2c6y')).toMatch(/^no build "pyks2c6y"/);
  });

  test('`last` in an empty history, or one with only a running build, says so', async () => {
    expect(await notFound([], 'last', 'ci')).toBe('builder "ci" has no finished builds in its history');
    const running = { ...history[0]! };
    delete running.completedAt;
    expect(await notFound([running], 'last')).toBe('builder "default" has no finished builds in its history');
  });
});
