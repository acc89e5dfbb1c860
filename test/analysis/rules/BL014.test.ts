import { describe, expect, test } from 'vitest';
import { dockerfile, findingsOf, ofRule, type BuildSpec } from '../support/build-input.js';

// BL014: consecutive RUNs that belong in one layer.

// `runs` start on line 3, `comment` directly above them.
function runs(comment: string, lines: string[], over: Partial<BuildSpec> = {}): BuildSpec {
  return { dockerfile: dockerfile('FROM debian:12.5-slim', comment, ...lines, 'USER app'), ...over };
}

const THREE = ['RUN apt-get update', 'RUN apt-get install -y --no-install-recommends curl', 'RUN rm -rf /var/lib/apt/lists/*'];

describe('BL014 consecutive RUNs', () => {
  test('three consecutive RUNs are one info finding at the first, relating the other two', () => {
    const found = ofRule(findingsOf(runs('# system packages', THREE)), 'BL014');
    expect(found).toEqual([{ rule: 'BL014', severity: 'info', line: 3, endLine: 3, message: expect.stringContaining('3 consecutive RUN') as string, relatedLines: [4, 5], evidence: { lines: [3, 4, 5] } }]);
  });

  test('a multi-line first RUN gives its own line range and the next RUN after its last line', () => {
    const found = ofRule(findingsOf(runs('# pkgs', ['RUN apt-get update \\', '    && apt-get install -y --no-install-recommends curl', 'RUN curl -fsSL https://example.com/install.sh | sh'])), 'BL014');
    expect(found).toMatchObject([{ line: 3, endLine: 4, relatedLines: [5] }]);
  });

  test('two separate runs of RUNs in one stage are two findings', () => {
    const found = ofRule(findingsOf(runs('# pkgs', ['RUN a', 'RUN b', 'ENV X=1', 'RUN c', 'RUN d'])), 'BL014');
    expect(found.map((f) => [f.line, f.relatedLines])).toEqual([[3, [4]], [6, [7]]]);
  });

  test.each([
    ['a single RUN', ['RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*']],
    ['RUNs separated by a COPY', ['RUN mkdir /app', 'COPY app /app', 'RUN /app/setup']],
    ['a RUN followed by one with a cache mount', ['RUN mkdir /app', 'RUN --mount=type=cache,target=/root/.cache pip install -r /app/req.txt']],
    ['a RUN with a cache mount first', ['RUN --mount=type=cache,target=/var/cache/apt apt-get install -y --no-install-recommends curl', 'RUN useradd app']],
    ['a RUN followed by a heredoc RUN', ['RUN mkdir /app', 'RUN <<EOF', 'echo hi > /app/hi', 'EOF']],
  ])('no finding for %s', (_name, lines) => {
    expect(ofRule(findingsOf(runs('# pkgs', lines)), 'BL014')).toEqual([]);
  });

  test('RUNs on either side of a FROM are not consecutive', () => {
    const spec: BuildSpec = { dockerfile: dockerfile('FROM debian:12.5-slim AS a', 'RUN make', 'FROM debian:12.5-slim', 'RUN useradd app', 'USER app') };
    expect(ofRule(findingsOf(spec), 'BL014')).toEqual([]);
  });

  test('a buildlens-ignore comment above the first RUN silences it', () => {
    expect(ofRule(findingsOf(runs('# buildlens-ignore BL014', THREE)), 'BL014')).toEqual([]);
  });

  test('rules: { BL014: "off" } silences it', () => {
    expect(ofRule(findingsOf(runs('# pkgs', THREE, { rules: { BL014: 'off' } })), 'BL014')).toEqual([]);
  });
});
