import { rmSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { localRefsOfRun } from '../../src/builder/local-refs.js';
import { ambiguity } from '../../src/commands/build-target.js';
import { matchRunRecord, type NodeRecord, type RunMatch } from '../../src/sources/select-record.js';
import { queryOf, recordedLocalState, recordedRecords, recordedRuns, refOfRun, writeLocalState, type RecordedRun } from '../support/recorded-lookup.js';

// Finding the record of a run buildx named no ref for, on records recorded
// from BuildKit v0.26.3 (scripts/record-fixtures-lookup.ts busy): six builds
// run at once on one builder: a failing build (a), a look-alike of it from
// another directory (c: same Dockerfile, same error; BuildKit ran their
// shared step once), another failing build (d), two successes (b, and e with
// --push -t) and one with a build arg (f).

const RECORDS: NodeRecord[] = recordedRecords('v0.26-busy/records.json').map((record) => ({ node: 'buildlens-remote0', record }));
const RUNS = recordedRuns('v0.26-busy/runs.json');
const STATE = recordedLocalState('v0.26-busy/localstate.json');
const run = (name: string): RecordedRun => RUNS.find((r) => r.name.startsWith(name)) ?? expect.fail(`no run ${name}`);
const refOf = (name: string) => refOfRun(STATE, run(name).name) ?? expect.fail(`no local state of ${name}`);
const found = (match: RunMatch) => match.found;

const written = writeLocalState(STATE, 'buildlens-remote');
afterAll(() => rmSync(written.config, { recursive: true, force: true }));

describe('the record of a run buildx named no ref for, on a busy builder', () => {
  test('the fixture is what it claims: six runs, a record each, the successes named by buildx', () => {
    expect(RUNS.map((r) => [r.name, r.exitCode])).toEqual([
      ['a-failing', 1],
      ['b-success', 0],
      ['c-failing-look-alike', 1],
      ['d-failing-other', 1],
      ['e-push', 0],
      ['f-build-arg', 0],
    ]);
    expect(new Set(RUNS.map((r) => refOf(r.name))).size).toBe(6);
    for (const r of RUNS.filter((r) => r.exitCode === 0)) expect(r.ref).toBe(refOf(r.name));
    // Every record was created while several of the other runs were running.
    for (const r of RUNS) expect(RECORDS.filter(({ record }) => (record.createdAt?.getTime() ?? 0) >= Date.parse(r.startedAt)).length).toBeGreaterThan(2);
  });

  test('a failing build whose error is its own is found by it (v0.26 keeps no Dockerfile in a record\'s error)', () => {
    const match = matchRunRecord(RECORDS, queryOf(run('d')));
    expect(found(match)).toBe(refOf('d'));
    expect(match.found !== undefined && match.matchedBy).toEqual(['start time', 'Dockerfile name, target and build-arg names', 'outcome (failed)', 'error message']);
  });

  test('successes are told apart by outcome, image names and build args', () => {
    expect(found(matchRunRecord(RECORDS, queryOf(run('b'))))).toBe(refOf('b'));
    expect(found(matchRunRecord(RECORDS, queryOf(run('e'))))).toBe(refOf('e'));
    expect(found(matchRunRecord(RECORDS, queryOf(run('f'))))).toBe(refOf('f'));
  });

  test('the failing build and its look-alike cannot be told apart by what BuildKit kept: both are named, with what was compared', () => {
    for (const name of ['a', 'c']) {
      const match = matchRunRecord(RECORDS, queryOf(run(name)));
      if (match.found !== undefined) expect.fail(`${name} matched ${match.found}`);
      expect(match.candidates.map((c) => c.ref).sort()).toEqual([refOf('a'), refOf('c')].sort());
      expect(match.comparedBy).toEqual(expect.arrayContaining(['end time', 'outcome (failed)', 'Dockerfile text', 'error message']));
      const text = ambiguity(match.candidates, match.comparedBy);
      expect(text).toMatch(/^no report: 2 builds in the builder's history fit this run alike \(compared: start time, .*error message\): /);
      for (const c of match.candidates) expect(text).toContain(`${c.ref} (started ${c.createdAt?.toISOString().replace('T', ' ')}, failed: process "/bin/sh -c sleep 2 && exit 7" did not complete successfully: exit code: 7)`);
      expect(text.endsWith('`buildlens report REF` reports on one')).toBe(true);
    }
  });

  test("buildx's local state of the context directory tells every run apart, the look-alikes too", async () => {
    for (const r of RUNS) {
      const local = await localRefsOfRun(
        { builder: 'buildlens-remote', contextDir: written.contexts.get(r.name) ?? '', startedAt: new Date(r.startedAt), completedAt: new Date(r.completedAt) },
        { BUILDX_CONFIG: written.config },
      );
      expect([...local], r.name).toEqual([[refOf(r.name), ['buildlens-remote0']]]);
      expect(found(matchRunRecord(RECORDS, { ...queryOf(r), localRefs: [...local.keys()] })), r.name).toBe(refOf(r.name));
    }
  });

  test('local state outside the run, or of another directory, names nothing', async () => {
    const a = run('a');
    const later = { builder: 'buildlens-remote', contextDir: written.contexts.get(a.name) ?? '', startedAt: new Date(Date.parse(a.completedAt) + 60_000), completedAt: new Date(Date.parse(a.completedAt) + 90_000) };
    expect((await localRefsOfRun(later, { BUILDX_CONFIG: written.config })).size).toBe(0);
    const elsewhere = { ...later, contextDir: '/nonexistent/context', startedAt: new Date(a.startedAt), completedAt: new Date(a.completedAt) };
    expect((await localRefsOfRun(elsewhere, { BUILDX_CONFIG: written.config })).size).toBe(0);
    expect((await localRefsOfRun({ ...elsewhere, builder: 'no-such-builder' }, { BUILDX_CONFIG: written.config })).size).toBe(0);
  });

  test('another failed build not yet finalized in history is not ruled out by what it will say: the look-up waits for it', () => {
    const records = RECORDS.map((r) => {
      if (r.record.ref !== refOf('c')) return r;
      const { completedAt: _completed, error: _error, ...unfinished } = r.record;
      return { ...r, record: unfinished };
    });
    const match = matchRunRecord(records, queryOf(run('d')));
    if (match.found !== undefined) expect.fail(`matched ${match.found} while ${refOf('c')} was not final`);
    expect(match.candidates.map((c) => [c.ref, c.status]).sort()).toEqual([[refOf('c'), 'running'], [refOf('d'), 'failed']].sort());
  });

  test('a run that nothing fits finds nothing', () => {
    const b = run('b');
    const match = matchRunRecord(RECORDS, { ...queryOf(b), dockerfileName: 'Dockerfile.other' });
    expect(match).toEqual({ candidates: [], comparedBy: ['start time', 'Dockerfile name, target and build-arg names'] });
  });
});
