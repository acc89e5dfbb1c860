import { describe, expect, test } from 'vitest';
import { parseBuildxInspect } from '../../src/builder/inspect.js';
import { capturedText } from '../support/captured-cli.js';

// parseBuildxInspect on every builder of the capture (scripts/capture-cli-output.sh),
// checked against `docker buildx ls` of the same config: two views buildx
// printed of the same builders must agree on names, drivers, nodes and status.

interface LsNode {
  builder: string;
  driver: string;
  node: string;
  endpoint: string;
  status: string;
}

// The rows of `docker buildx ls` (buildx 0.13): a builder line, then ` \_ node  \_ endpoint  status ...`.
function parseLs(text: string): LsNode[] {
  const nodes: LsNode[] = [];
  let builder = '';
  let driver = '';
  for (const line of text.split('\n').slice(1)) {
    const node = /^ \\_ (\S+)\s+\\_ (\S+)\s+(\S+)/.exec(line);
    if (node) nodes.push({ builder, driver, node: node[1] ?? '', endpoint: node[2] ?? '', status: node[3] ?? '' });
    else [builder = '', driver = ''] = line.trim().replace(/\*$/, '').split(/\s+|\*\s+/);
  }
  return nodes;
}

const CAPTURES: Array<[capture: string, builder: string]> = [
  ['buildx-inspect-default', 'default'],
  ['buildx-inspect-context', 'buildlens-capture-ctx'],
  ['buildx-inspect-container', 'buildlens-capture-container'],
  ['buildx-inspect-remote', 'buildlens-capture-remote'],
];

describe('parseBuildxInspect agrees with `docker buildx ls` on the captured builders', () => {
  test.each(CAPTURES)('%s', async (capture, name) => {
    const inspected = parseBuildxInspect(await capturedText(`${capture}.stdout`));
    const listed = parseLs(await capturedText('buildx-ls.stdout')).filter((n) => n.builder === name);
    expect(listed.length).toBeGreaterThan(0);
    expect(inspected.name).toBe(name);
    expect(inspected.error).toBeUndefined();
    expect(inspected.nodes.map((n) => ({ builder: inspected.name, driver: inspected.driver, node: n.name, endpoint: n.endpoint, status: n.status }))).toEqual(listed);
  });

  test('a builder chosen with `buildx use` is the one plain `buildx inspect` describes', async () => {
    const ls = await capturedText('buildx-ls.stdout');
    const current = /^(\S+)\*/m.exec(ls)?.[1];
    expect(current).toBe('buildlens-capture-container');
    expect(parseBuildxInspect(await capturedText('buildx-inspect-use.stdout')).name).toBe(current);
  });

  test('a running docker-container node: its BuildKit version and platforms, past the GC policy lines', async () => {
    const { nodes } = parseBuildxInspect(await capturedText('buildx-inspect-container.stdout'));
    expect(nodes).toHaveLength(1);
    expect(nodes[0]?.buildkitVersion).toMatch(/^v\d+\.\d+\.\d+/);
    expect(nodes[0]?.platforms).toContain('linux/amd64');
  });

  test.each(['buildx-inspect-unreachable', 'buildx-inspect-ssh'])('%s: no driver, and the error on one line', async (capture) => {
    const inspected = parseBuildxInspect(await capturedText(`${capture}.stdout`));
    expect(inspected).toMatchObject({ name: 'default', driver: '', nodes: [] });
    expect(inspected.error).toMatch(/^(Cannot connect to the Docker daemon|error during connect)/);
  });
});
