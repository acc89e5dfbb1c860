import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { BuildkitClient } from '../../src/buildkit/client.js';
import type { ProgressUpdate } from '../../src/buildkit/types.js';
import { readLogFrames } from '../../src/collect/logs-blob.js';
import { ProgressCollector } from '../../src/collect/progress.js';
import { assembleBuild } from '../../src/assemble/assemble.js';
import { parseVertexName } from '../../src/assemble/vertex-name.js';
import { makeRedactor, type Redactor } from '../../src/core/redact.js';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import { LiveContext, LiveStage } from '../../src/render/live-stages.js';
import { fixtureText, loadLiveUpdates, loadRecorded, recordedInput, type RecordedBuild } from '../support/fixtures.js';

// The live view's stages fed recorded progress as the live view is fed it:
// the live Status stream of a real build (scripts/record-fixtures.ts keeps it
// for canceled-sibling), or a finished build's replayed log. Titles, the
// running step's output, and how each stage ends, against what the report of
// the same build says.

const plain: Redactor = makeRedactor([]);

interface Fed {
  stages: Map<string, LiveStage>;
  context: LiveContext;
  collector: ProgressCollector;
}

/** Feeds updates to the stages of `dockerfile` until `stop` says so (or they run out). */
function feed(dockerfile: string, updates: Iterable<ProgressUpdate>, stop?: (fed: Fed) => boolean): Fed {
  const fed: Fed = {
    stages: new Map(parseDockerfile(dockerfile).stages.map((s) => [s.name, new LiveStage(s)])),
    context: new LiveContext(),
    collector: new ProgressCollector(),
  };
  for (const update of updates) {
    for (const digest of fed.collector.apply(update)) {
      const vertex = fed.collector.vertexes.get(digest);
      const parsed = vertex ? parseVertexName(vertex.name) : undefined;
      if (!vertex || !parsed) continue;
      if (parsed.kind === 'step') fed.stages.get(parsed.stage.toLowerCase())?.update(vertex, parsed.index, parsed.count);
      else if (parsed.category === 'context') fed.context.update(vertex);
    }
    if (stop?.(fed)) break;
  }
  return fed;
}

async function replayedLog(recorded: RecordedBuild): Promise<ProgressUpdate[]> {
  const updates: ProgressUpdate[] = [];
  for await (const frame of readLogFrames(Readable.from([recorded.logs]))) updates.push(BuildkitClient.decodeStatus(frame));
  return updates;
}

function reportOf(recorded: RecordedBuild) {
  return assembleBuild(recordedInput(recorded, { redact: plain })).report;
}

// The engine's clock at the last update fed: the latest start or end it reported (the view's "now" then).
function engineNow({ collector }: Fed): number {
  return Math.max(...[...collector.vertexes.values()].flatMap((v) => [v.started?.getTime() ?? 0, v.completed?.getTime() ?? 0]));
}

const titleOf = (end: ReturnType<LiveStage['end']> | undefined) => (end && 'title' in end ? end.title : `(${end?.state ?? 'no stage'})`);

// The sleeping RUN of canceled-sibling has started and printed its first line: the moment to look at it, or to press Ctrl-C.
const slowRunning = ({ collector }: Fed) =>
  [...collector.vertexes.values()].some((v) => v.name.startsWith('[slow 2/2]') && v.started && !v.completed && v.logTail.length > 0);

describe('how a stage ends', () => {
  test("a finished stage shows the step count the report shows, even when BuildKit ran its FROM and WORKDIR as another stage's", async () => {
    const recorded = await loadRecorded('multi-stage');
    const { stages } = feed(recorded.dockerfile, await replayedLog(recorded));
    const report = reportOf(recorded);
    for (const stage of report.stages) {
      const cached = stage.cachedSteps > 0 ? `, ${stage.cachedSteps} cached` : '';
      expect(titleOf(stages.get(stage.name)?.end('success', Date.now(), plain))).toMatch(
        new RegExp(`^${stage.name}  ${stage.steps}/${stage.steps} steps${cached}  [\\d.]+m?s$`),
      );
    }
    // The build stage has 6 build instructions; its FROM and WORKDIR ran once, as the deps stage's: 4 steps of its own.
    expect(report.stages.find((s) => s.name === 'build')?.steps).toBe(4);
  });

  test('a failed build: the failing stage fails at its line, the stage BuildKit canceled says canceled, the stage never started says so', () => {
    const dockerfile = loadRecordedDockerfile();
    const { stages } = feed(
      dockerfile,
      loadLiveUpdates('canceled-sibling').map((u) => u.update),
    );
    const now = Date.now();
    const broken = stages.get('broken')?.end('failed', now, plain);
    expect(broken?.state).toBe('failed');
    expect(broken && 'message' in broken ? broken.message : '').toMatch(/^broken: line 6: process .* exit code: 3$/);
    expect(stages.get('slow')?.end('failed', now, plain).state).toBe('canceled');
    expect(titleOf(stages.get('slow')?.end('failed', now, plain))).toMatch(/^slow  0\/1 steps  [\d.]+m?s  canceled$/);
    expect(stages.get('stage-2')?.end('failed', now, plain)).toEqual({ state: 'not-built', title: 'stage-2  not built' });
  });

  test('Ctrl-C while a step runs: its stage says canceled, never done', () => {
    const fed = feed(
      loadRecordedDockerfile(),
      loadLiveUpdates('canceled-sibling').map((u) => u.update),
      slowRunning,
    );
    const { stages } = fed;
    const now = engineNow(fed) + 300;
    expect(stages.get('slow')?.end('canceled', now, plain).state).toBe('canceled');
    expect(titleOf(stages.get('slow')?.end('canceled', now, plain))).toMatch(/^slow  0\/1 steps  [\d.]+m?s  canceled$/);
    expect(stages.get('stage-2')?.end('canceled', now, plain).state).toBe('not-built');
    for (const stage of stages.values()) expect(stage.end('canceled', now, plain).state).not.toBe('done');
  });
});

describe('the build context', () => {
  test('shows its size and its own load time, not the time the build ran', () => {
    const updates = loadLiveUpdates('canceled-sibling');
    const { context, collector } = feed(
      loadRecordedDockerfile(),
      updates.map((u) => u.update),
    );
    const loaded = [...collector.vertexes.values()].filter(
      (v) => parseVertexName(v.name).kind === 'internal' && /load build context/.test(v.name),
    );
    expect(loaded).toHaveLength(1);
    const own = (loaded[0]?.completed?.getTime() ?? NaN) - (loaded[0]?.started?.getTime() ?? NaN);
    const end = context.end('failed', plain);
    expect(end.state).toBe('done');
    const shown = /^build context {2}\d+ B {2}(\d+)ms$/.exec('title' in end ? end.title : '');
    expect(shown).not.toBeNull();
    expect(Number(shown?.[1])).toBe(own);
    // The build ran for seconds (the failing step, the canceled one) after the context had loaded.
    expect(updates[updates.length - 1]?.at ?? 0).toBeGreaterThan(own + 500);
  });

  test('a context not loaded yet at Ctrl-C says canceled, never loaded', () => {
    // BuildKit names the context vertex first, then starts it.
    const { context } = feed(
      loadRecordedDockerfile(),
      loadLiveUpdates('canceled-sibling').map((u) => u.update),
      ({ collector }) => [...collector.vertexes.values()].some((v) => /load build context/.test(v.name) && !v.completed),
    );
    expect(context.loaded()).toBe(false);
    expect(context.end('canceled', plain)).toEqual({ state: 'skipped', title: 'build context  0 B  canceled' });
  });
});

describe('the running step', () => {
  test('shows its Dockerfile line and time and, under it, its last output line, masked and cut to the width', () => {
    const redact = makeRedactor(['slow starts']);
    const fed = feed(
      loadRecordedDockerfile(),
      loadLiveUpdates('canceled-sibling').map((u) => u.update),
      slowRunning,
    );
    const slow = fed.stages.get('slow');
    const now = engineNow(fed) + 300;
    const [head, last] = (slow?.output(now, 200, redact) ?? '').split('\n');
    expect(head).toMatch(/^line 2 {2}RUN echo "slow starts" && sleep 5 && echo slow-\d+ > \/slow {2}\([\d.]+m?s\)$/);
    // The step printed "slow starts": a value the redactor masks never shows.
    expect(last).toBe('> ***');
    const narrow = slow?.output(now, 30, redact)?.split('\n') ?? [];
    expect(narrow).toHaveLength(2);
    for (const line of narrow) expect(line.length).toBeLessThanOrEqual(30);
  });
});

// The Dockerfile the live stream was recorded from.
function loadRecordedDockerfile(): string {
  return fixtureText('canceled-sibling/Dockerfile');
}
