import { describe, expect, test } from 'vitest';
import { alignHistory } from '../../src/image/history.js';
import type { HistoryEntry } from '../../src/image/schema.js';
import { imageLines } from '../../src/sources/image-lines.js';

// Layers tied to lines: by the Dockerfile's instructions when it is given,
// else by the history written out as a Dockerfile. The history is the image
// the fixture script builds (scripts/image-fixtures.sh: busybox fixture base,
// then COPY and two RUNs), as `docker history` shows it on the default engine.

const history: HistoryEntry[] = [
  { created_by: 'COPY busybox /bin/busybox # buildkit' },
  { created_by: 'RUN /bin/busybox --install -s /bin # buildkit' },
  {
    created_by:
      "RUN /bin/sh -c mkdir -p /tmp /root /etc /home && chmod 1777 /tmp &&     printf 'root:x:0:0:root:/root:/bin/sh\\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\\n' >/etc/passwd &&     printf 'root:x:0:\\nnogroup:x:65534:\\n' >/etc/group # buildkit",
  },
  { created_by: 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', empty_layer: true },
  { created_by: 'CMD ["/bin/sh"]', empty_layer: true },
  { created_by: 'COPY app/ /app/ # buildkit' },
  { created_by: 'RUN /bin/sh -c mkdir -p /data/keep &&     echo kept > /data/keep/kept.txt # buildkit' },
  { created_by: 'RUN /bin/sh -c rm /app/random.bin # buildkit' },
];
const dockerfile = `FROM buildlens-fixture/busybox:1
COPY app/ /app/
RUN mkdir -p /data/keep && \\
    echo kept > /data/keep/kept.txt
RUN rm /app/random.bin
`;

describe('imageLines', () => {
  test('ties each layer above the base to its Dockerfile line; the rest is the base', () => {
    const lines = imageLines(alignHistory(history, 6), { path: 'Dockerfile', text: dockerfile });
    expect(lines.baseBy).toBe('dockerfile');
    expect(lines.unmatched).toBe(0);
    expect(lines.layers.map((l) => l.base)).toEqual([true, true, true, false, false, false]);
    expect(lines.layers.map((l) => l.line && [l.line.line, l.line.endLine])).toEqual([undefined, undefined, undefined, [2, 2], [3, 4], [5, 5]]);
  });

  test('a layer whose command is not in the Dockerfile is left without a line, and counted', () => {
    const edited = dockerfile.replace('RUN rm /app/random.bin', 'RUN rm -f /app/random.bin');
    const lines = imageLines(alignHistory(history, 6), { path: 'Dockerfile', text: edited });
    expect(lines.layers.map((l) => l.line?.line)).toEqual([undefined, undefined, undefined, 2, 3, undefined]);
    expect(lines.unmatched).toBe(1);
  });

  test('without a Dockerfile the history is one, and the base ends at its last CMD', () => {
    const lines = imageLines(alignHistory(history, 6), undefined);
    expect(lines.baseBy).toBe('history');
    expect(lines.dockerfile.text.split('\n').slice(0, 9)).toEqual([
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'RUN /bin/busybox --install -s /bin',
      "RUN mkdir -p /tmp /root /etc /home && chmod 1777 /tmp &&     printf 'root:x:0:0:root:/root:/bin/sh\\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\\n' >/etc/passwd &&     printf 'root:x:0:\\nnogroup:x:65534:\\n' >/etc/group",
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'CMD ["/bin/sh"]',
      'COPY app/ /app/',
      'RUN mkdir -p /data/keep &&     echo kept > /data/keep/kept.txt',
      'RUN rm /app/random.bin',
    ]);
    expect(lines.layers.map((l) => l.base)).toEqual([true, true, true, false, false, false]);
    expect(lines.layers.map((l) => l.line?.line)).toEqual([2, 3, 4, 7, 8, 9]);
  });

  test('without a CMD to end the base, the first layer is the base, as dive counts it', () => {
    const lines = imageLines(alignHistory(history.filter((h) => !h.created_by?.startsWith('CMD')), 6), undefined);
    expect(lines.baseBy).toBe('first-layer');
    expect(lines.layers.map((l) => l.base)).toEqual([true, false, false, false, false, false]);
  });
});
