import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { NodeConnections } from '../../src/builder/nodes.js';
import type { ResolvedBuilder } from '../../src/builder/types.js';

// Connections to a builder's nodes are made lazily; once closed (a signal
// ended the report) nothing is made again, since it would outlive the close
// and leave its socket dir behind at exit.

const noDial = { description: 'never dialed', dial: () => Promise.reject(new Error('not in this test')) };
const builder: ResolvedBuilder = {
  name: 'two',
  driver: 'remote',
  nodes: [
    { name: 'a', endpoint: 'unix:///nowhere/a', transport: noDial },
    { name: 'b', endpoint: 'unix:///nowhere/b', transport: noDial },
  ],
};

let tmp = '';
let saved: string | undefined;
beforeEach(() => {
  saved = process.env.TMPDIR;
  tmp = mkdtempSync('/tmp/nodes-test-');
  process.env.TMPDIR = tmp;
});
afterEach(() => {
  if (saved === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = saved;
  rmSync(tmp, { recursive: true, force: true });
});

describe('NodeConnections', () => {
  test('makes one connection per node when first asked, and close removes them', async () => {
    const nodes = new NodeConnections(builder);
    const a = await nodes.session('a');
    expect(await nodes.session('a')).toBe(a);
    expect((await nodes.session('b')).node).toBe('b');
    expect(readdirSync(tmp)).toHaveLength(2);
    await nodes.close();
    expect(readdirSync(tmp)).toEqual([]);
  });

  test('after close, asking for a node rejects and makes nothing', async () => {
    const nodes = new NodeConnections(builder);
    await nodes.session('a');
    await nodes.close();
    await expect(nodes.session('b')).rejects.toThrow(/connections to builder two are closed/);
    await expect(nodes.session('a')).rejects.toThrow(/closed/);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
