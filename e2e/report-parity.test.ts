import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanupContexts, makeContext, readReport, runCli } from './support/cli.js';

afterAll(cleanupContexts);

// One pipeline: the report `buildlens report REF` makes of a build is the one
// `buildlens build` wrote for it — the same findings (context facts and
// re-run history included) and the same cache misses.

const DOCKERFILE = `FROM buildlens-fixture/busybox:1
WORKDIR /app
COPY . .
RUN apk add --no-cache nothing 2>/dev/null; cat src/app.js > out.txt
RUN echo done > /done
`;

describe('report REF gives what build gave', () => {
  test('same findings and cache misses for a rebuild after a source edit', async () => {
    const stateDir = makeContext({});
    const env = { BUILDLENS_STATE_DIR: stateDir };
    const context = makeContext({ Dockerfile: DOCKERFILE, 'package.json': `{"n":"${Date.now()}"}`, 'src/app.js': 'v1', '.git/HEAD': 'ref: refs/heads/main\n', '.git/objects/pack/p.pack': 'x'.repeat(3 * 1024 * 1024) });
    expect((await runCli(['build', '--report-dir', join(context, 'out1'), context], { env })).exitCode).toBe(0);
    writeFileSync(join(context, 'src/app.js'), 'v2');
    const out = join(context, 'out2');
    const built = await runCli(['build', '--report-dir', out, context], { env });
    expect(built.exitCode, built.stderr).toBe(0);
    const fromBuild = readReport(out);
    // Something to compare: the edit missed the cache, and the rules found something.
    expect(fromBuild.cacheMisses.length).toBeGreaterThan(0);
    expect(fromBuild.cacheMisses[0]).toMatchObject({ line: 3, cause: 'context-files-changed' });
    // BL008 needs the build context as sent: the report of the ref must get it from buildlens's record.
    expect(fromBuild.findings.map((f: { rule: string }) => f.rule)).toContain('BL008');

    const reported = await runCli(['report', fromBuild.build.ref, '--json'], { env });
    expect(reported.exitCode, reported.stderr).toBe(0);
    const fromReport = JSON.parse(reported.stdout);
    expect(fromReport.findings).toEqual(fromBuild.findings);
    expect(fromReport.cacheMisses).toEqual(fromBuild.cacheMisses);
    expect(fromReport.image).toEqual(fromBuild.image);
  });
});
