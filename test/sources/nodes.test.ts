import { rmSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { localRefsOfRun } from '../../src/builder/local-refs.js';
import { parseConfig } from '../../src/config/config.js';
import type { Report } from '../../src/model/report.js';
import { reportFromSource } from '../../src/pipeline/report.js';
import { historyRow, renderHistory } from '../../src/render/history.js';
import { renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderWhy } from '../../src/render/why.js';
import { liveSource } from '../../src/sources/live.js';
import { multiNodeSource } from '../../src/sources/nodes.js';
import { matchRunRecord } from '../../src/sources/select-record.js';
import { queryOf, recordedLocalState, recordedRecords, recordedRuns, writeLocalState } from '../support/recorded-lookup.js';
import { recordedClient } from '../support/recorded-history.js';

// A --push of two platforms on a builder of two nodes (linux/amd64 and
// linux/386), recorded from BuildKit v0.26.3 (scripts/record-fixtures-lookup.ts
// multi-node). buildx's metadata file named no ref for it; each node kept its
// own record of the build, under the same ref.

const FIXTURE = 'v0.26-multi-node';
const NODES = { amd64: 'buildlens-multi-amd64', 386: 'buildlens-multi-386' } as const;
const [RUN] = recordedRuns(`${FIXTURE}/run.json`);
const PER_NODE = (['amd64', '386'] as const).map((n) => ({ node: NODES[n], record: recordedRecords(`${FIXTURE}/${n}/record.json`)[0]! }));
const REF = PER_NODE[0]!.record.ref;
const STATE = recordedLocalState(`${FIXTURE}/localstate.json`);
const written = writeLocalState(STATE, 'buildlens-multi');
afterAll(() => rmSync(written.config, { recursive: true, force: true }));

async function nodesReport(): Promise<Report> {
  const parts = await Promise.all(
    (['amd64', '386'] as const).map(async (n) => ({ node: NODES[n], client: await recordedClient([`${FIXTURE}/${n}`]) })),
  );
  const source = multiNodeSource(parts, { name: 'buildlens-multi', driver: 'remote' }, REF);
  return (await reportFromSource(source, { measureLayers: false, config: parseConfig({}, 'defaults') })).report;
}

describe('a build of two platforms on two nodes, whose --push left no ref', () => {
  test('the fixture is what it claims: no ref from buildx, one record per node under one ref, each its own platform', () => {
    expect(RUN?.exitCode).toBe(0);
    expect(RUN?.ref).toBeUndefined();
    expect(PER_NODE.map((p) => [p.record.ref, p.record.frontendAttrs['platform']])).toEqual([
      [REF, 'linux/amd64'],
      [REF, 'linux/386'],
    ]);
  });

  test("is found in the two nodes' histories as one candidate held by both, by start time and its image name", () => {
    const match = matchRunRecord(PER_NODE, queryOf(RUN!));
    expect(match).toEqual({
      found: REF,
      nodes: [NODES.amd64, NODES['386']],
      matchedBy: ['start time', 'Dockerfile name, target and build-arg names'],
    });
  });

  test("buildx's local state names the ref on both nodes", async () => {
    const local = await localRefsOfRun(
      {
        builder: 'buildlens-multi',
        contextDir: written.contexts.get('push') ?? '',
        startedAt: new Date(RUN!.startedAt),
        completedAt: new Date(RUN!.completedAt),
      },
      { BUILDX_CONFIG: written.config },
    );
    expect([...local]).toEqual([[REF, [NODES['386'], NODES.amd64]]]);
  });

  test("the report reads both nodes' records: a step on every line for each platform", async () => {
    const report = await nodesReport();
    const text = RUN!.dockerfile.split('\n');
    for (const platform of ['linux/amd64', 'linux/386']) {
      const own = report.steps.filter((s) => s.platform === platform);
      expect(own.map((s) => s.line).sort(), platform).toEqual([1, 2, 3]);
      for (const step of own) expect(text[step.line - 1]).toBe(step.instruction);
    }
    expect(report.steps.every((s) => s.platform !== undefined)).toBe(true);
    expect(report.stages.map((s) => s.platform).sort()).toEqual(['linux/386', 'linux/amd64']);
  });

  test('the build names both nodes and platforms, spans both records, and validates as report.json', async () => {
    const report = await nodesReport();
    expect(report.build.nodes).toEqual([
      { name: NODES.amd64, platforms: ['linux/amd64'] },
      { name: NODES['386'], platforms: ['linux/386'] },
    ]);
    expect(report.build.platforms).toEqual(['linux/amd64', 'linux/386']);
    expect(report.build.node).toBeUndefined();
    expect(report.build.status).toBe('success');
    const created = Math.min(...PER_NODE.map((p) => p.record.createdAt!.getTime()));
    const completed = Math.max(...PER_NODE.map((p) => p.record.completedAt!.getTime()));
    expect(report.build.startedAt).toBe(new Date(created).toISOString());
    expect(report.build.durationMs).toBe(completed - created);
    expect(report.cache.steps).toBe(4);
    expect(() => renderJson(report)).not.toThrow();
  });

  test('Markdown and why name the platform of each stage, step and miss', async () => {
    const report = await nodesReport();
    const md = renderMarkdown(report);
    expect(md).toContain('| linux/amd64 stage-0 |');
    expect(md).toContain('| linux/386 stage-0 |');
    expect(md).toMatch(/`RUN echo built-\d+ > \/built` \(linux\/386\)/);
    const step = report.steps.find((s) => s.platform === 'linux/386' && s.line === 3)!;
    const why = renderWhy({
      ...report,
      compareRef: 'earlier',
      cacheMisses: [
        { line: 3, step: step.id, instruction: step.instruction, cause: 'parent-missed', details: { parentLine: 2 }, root: false },
      ],
    });
    expect(why).toContain('[linux/386] parent-missed: re-ran because line 2 missed');
  });

  test('history lists the build once per node, with a NODE column instead of a repeated bare ref', () => {
    const rows = PER_NODE.map((p) => ({ ...historyRow(p.record), node: p.node }));
    const lines = renderHistory(rows).split('\n');
    expect(lines[0]).toMatch(/^REF {24}NODE {19}STARTED/);
    expect(lines.slice(1, 3).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      [REF, NODES.amd64],
      [REF, NODES['386']],
    ]);
  });
});

// The same two nodes, recorded with the 386 node's RUN failing (exit 3) while
// the amd64 node's still ran: buildx canceled it, and that node's record says
// only "context canceled" (scripts/record-fixtures-lookup.ts multi-node-failed).
describe('a build of two platforms where one node failed and buildx canceled the other', () => {
  const FAILED = 'v0.26-multi-node-failed';
  const recordOf = (n: 'amd64' | '386') => recordedRecords(`${FAILED}/${n}/record.json`)[0]!;

  // As `buildlens build` reports the run it made: the Dockerfile and buildx's outcome known (a failed build has no provenance).
  async function failedReport(order: ReadonlyArray<'amd64' | '386'>): Promise<Report> {
    const parts = await Promise.all(order.map(async (n) => ({ node: NODES[n], client: await recordedClient([`${FAILED}/${n}`]) })));
    const [run] = recordedRuns(`${FAILED}/run.json`);
    const source = liveSource(
      parts,
      { name: 'buildlens-multi', driver: 'remote' },
      {
        ref: recordOf('amd64').ref,
        run: { exitCode: run!.exitCode, canceled: false, startedAt: new Date(run!.startedAt), completedAt: new Date(run!.completedAt) },
        dockerfile: { path: 'Dockerfile', text: run!.dockerfile },
        dockerfileFromStdin: false,
        contextArg: undefined,
        platforms: ['linux/amd64', 'linux/386'],
        buildArgs: [],
        noCache: false,
        noCacheFilter: [],
      },
    );
    return (await reportFromSource(source, { measureLayers: false, config: parseConfig({}, 'defaults') })).report;
  }

  test('the fixture is what it claims: one ref, the amd64 record canceled, the 386 record failed with exit code 3', () => {
    expect(recordOf('amd64').ref).toBe(recordOf('386').ref);
    expect(recordOf('amd64').error?.message).toBe('context canceled');
    expect(recordOf('386').error?.message).toMatch(/did not complete successfully: exit code: 3$/);
  });

  test.each([[['amd64', '386'] as const], [['386', 'amd64'] as const]])(
    "the build's error is the failing node's, on its line, whichever node is read first (%j)",
    async (order) => {
      const report = await failedReport(order);
      expect(report.build.status).toBe('failed');
      expect(report.build.error?.message).toMatch(/exit code: 3$/);
      expect(report.build.error?.line).toBe(3);
      const run = report.steps.filter((s) => s.line === 3);
      expect(run.map((s) => [s.platform, s.canceled === true])).toEqual(
        expect.arrayContaining([
          ['linux/386', false],
          ['linux/amd64', true],
        ]),
      );
    },
  );
});
