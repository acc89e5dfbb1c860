// Records what the real engine keeps about a few representative builds, for
// unit tests: the history record (build-arg values replaced), the logs blob,
// the provenance and the exported image's index and manifests (under
// exported/, by digest), per scenario under test/fixtures/<scenario>/.
// Run: npx tsx scripts/record-fixtures.ts [SCENARIO...]   (needs the engine and fixture images;
// no scenario: all of them, and the buildx inspect outputs)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { BuildkitClient } from '../src/buildkit/client.js';
import type { HistoryRecord } from '../src/buildkit/types.js';
import { provenanceDescriptor } from '../src/collect/history.js';
import { DockerDaemonTransport } from '../src/transport/docker-daemon.js';

const OUT = new URL('../test/fixtures/', import.meta.url).pathname;

const MULTI_STAGE = `FROM buildlens-fixture/busybox:1 AS deps
WORKDIR /app
COPY package.json ./
RUN echo installing > deps.txt

FROM buildlens-fixture/busybox:1 AS build
WORKDIR /app
COPY --from=deps /app/deps.txt ./
COPY src ./src
RUN head -c 3000000 /dev/urandom > /tmp/junk && \\
    echo built > /app/out.txt
RUN rm /tmp/junk

FROM buildlens-fixture/busybox:1
COPY --from=build /app/out.txt /out.txt
ARG GREETING=hi
RUN echo "$GREETING" > /greet
`;

// The shape of a node build feeding an nginx image: the build stage's base
// has more layers (busybox: 3) than the final image (debian: 1, plus a COPY).
const BUILD_STAGE_LONGER = `FROM buildlens-fixture/busybox:1 AS build
WORKDIR /src
COPY app.txt ./
RUN head -c 400000 /dev/urandom > /src/toolchain.bin
RUN cp app.txt dist.txt

FROM buildlens-fixture/debian:bookworm
COPY --from=build /src/dist.txt /usr/share/html/index.html
`;

// Two stages in parallel: one fails while the other still runs (it printed a
// line, then sleeps), so BuildKit cancels the running one; the final stage
// needs both. Line 8 is a comment.
const CANCELED_SIBLING = (nonce: string) => `FROM buildlens-fixture/busybox:1 AS slow
RUN echo "slow starts" && sleep 5 && echo slow-${nonce} > /slow

FROM buildlens-fixture/busybox:1 AS broken
COPY note.txt /note.txt
RUN echo broken-${nonce} && exit 3

# the final stage takes both
FROM buildlens-fixture/busybox:1
COPY --from=slow /slow /slow
COPY --from=broken /note.txt /b
`;

// A stage that waits: the final stage's own steps start at once, but its
// COPY --from waits for the slow stage's 3 s RUN. Its time is its own steps',
// not the wait. The nonce keeps every step from the cache.
const STAGE_WAITS = (nonce: number): string => `FROM buildlens-fixture/busybox:1 AS slow
RUN sleep 3 && echo slow-${nonce} > /slow.txt

FROM buildlens-fixture/busybox:1
RUN echo fast-${nonce} > /fast.txt
COPY --from=slow /slow.txt /slow.txt
RUN cat /slow.txt /fast.txt > /both.txt
`;

interface Scenario {
  name: string;
  files: Record<string, string>;
  args: string[];
  /** Build once before recording (for the cached rebuild). */
  warm?: boolean;
  /** Also record the live progress stream, as the live view receives it (live.jsonl). */
  live?: boolean;
}

const scenarios: Scenario[] = [
  // A fresh nonce in every copied file makes each recording build from scratch.
  { name: 'multi-stage', files: { Dockerfile: MULTI_STAGE, 'package.json': `{"nonce":"${Date.now()}"}`, 'src/app.js': 'v1' }, args: ['--build-arg', 'GREETING=recorded-secret-value'] },
  { name: 'cached-rebuild', files: { Dockerfile: MULTI_STAGE, 'package.json': `{"nonce":"${Date.now()}-warm"}`, 'src/app.js': 'v2' }, args: [], warm: true },
  { name: 'canceled-sibling', files: { Dockerfile: CANCELED_SIBLING(String(Date.now())), 'note.txt': `note ${Date.now()}` }, args: [], live: true },
  { name: 'failed-run', files: { Dockerfile: `FROM buildlens-fixture/busybox:1\nRUN echo preparing ${Date.now()}\nRUN echo "about to fail" && \\\n    exit 7\n` }, args: [] },
  { name: 'build-stage-longer', files: { Dockerfile: BUILD_STAGE_LONGER, 'app.txt': `app ${Date.now()}` }, args: [] },
  { name: 'stage-waits', files: { Dockerfile: STAGE_WAITS(Date.now()) }, args: [] },
  // The same two-platform build, recorded with its exported index and manifests.
  { name: 'multi-platform-exported', files: { Dockerfile: 'FROM --platform=$BUILDPLATFORM buildlens-fixture/busybox:1 AS tools\nRUN echo tool > /tool\nFROM scratch\nCOPY --from=tools /tool /tool\nCOPY a.txt /a.txt\n', 'a.txt': `a ${Date.now()}` }, args: ['--platform', 'linux/amd64,linux/arm64'] },
  { name: 'multi-platform', files: { Dockerfile: 'FROM --platform=$BUILDPLATFORM buildlens-fixture/busybox:1 AS tools\nRUN echo tool > /tool\nFROM scratch\nCOPY --from=tools /tool /tool\nCOPY a.txt /a.txt\n', 'a.txt': 'a' }, args: ['--platform', 'linux/amd64,linux/arm64'] },
];

function sanitize(record: HistoryRecord): HistoryRecord {
  const attrs = Object.fromEntries(Object.entries(record.frontendAttrs).map(([k, v]) => [k, k.startsWith('build-arg:') ? 'REDACTED' : v]));
  // The exporter response embeds image configs whose history repeats build-arg values: keep only which keys it had.
  const response = Object.fromEntries(Object.keys(record.exporterResponse).map((k) => [k, 'REDACTED']));
  return { ...record, frontendAttrs: attrs, exporterResponse: response };
}

// The exported image's index and image manifests (never its config: its history repeats build-arg values).
async function recordExported(client: BuildkitClient, record: HistoryRecord, target: string): Promise<void> {
  const results = [record.result, ...Object.values(record.results)].map((r) => r?.result).filter((d) => d !== undefined);
  const dir = join(target, 'exported');
  const save = async (digest: string): Promise<unknown> => {
    const bytes = await readAll(client, digest);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, digest.replace(':', '-')), bytes);
    return JSON.parse(bytes.toString('utf8'));
  };
  for (const result of results) {
    const json = (await save(result.digest)) as { manifests?: Array<{ digest: string }> };
    for (const m of json.manifests ?? []) await save(m.digest);
  }
}

// The live Status stream of the next build to start, one update a line, each
// with the time it arrived (ms after the first): a history record's logs blob
// holds only the final state of each vertex, the live view sees every step.
async function followNextBuild(client: BuildkitClient, signal: AbortSignal): Promise<string[]> {
  const lines: string[] = [];
  let ref: string | undefined;
  for await (const event of client.history({ activeOnly: true }, signal)) {
    if (event.type === 'started') {
      ref = event.record.ref;
      break;
    }
  }
  if (!ref) return lines;
  const start = Date.now();
  for await (const update of client.status(ref, signal)) {
    const json = JSON.stringify({ at: Date.now() - start, update }, (_key, value: unknown) =>
      value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' ? { base64: Buffer.from((value as { data: number[] }).data).toString('base64') } : value,
    );
    lines.push(json.replaceAll('recorded-secret-value', 'REDACTED'));
  }
  return lines;
}

async function readAll(client: BuildkitClient, digest: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of client.readBlob(digest)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const only = process.argv.slice(2);
const unknown = only.filter((name) => !scenarios.some((s) => s.name === name));
if (unknown.length > 0) throw new Error(`no such scenario: ${unknown.join(', ')} (there are: ${scenarios.map((s) => s.name).join(', ')})`);
const client = await BuildkitClient.connect(DockerDaemonTransport.forEndpoint({ kind: 'unix', path: '/var/run/docker.sock' }));
try {
  for (const scenario of scenarios.filter((s) => only.length === 0 || only.includes(s.name))) {
    const dir = mkdtempSync(join(tmpdir(), 'buildlens-record-'));
    for (const [path, text] of Object.entries(scenario.files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    if (scenario.warm) await execa('docker', ['buildx', 'build', dir]);
    const started = Date.now();
    const meta = join(dir, 'meta.json');
    const following = new AbortController();
    const live = scenario.live ? followNextBuild(client, following.signal) : undefined;
    // Subscribed before buildx starts, so the build's STARTED event is not missed.
    if (live) await new Promise((r) => setTimeout(r, 500));
    const run = await execa('docker', ['buildx', 'build', '--metadata-file', meta, ...scenario.args, dir], { reject: false });
    // The stream ends with the build; a moment for its last messages, then stop following.
    if (live) await new Promise((r) => setTimeout(r, 1000));
    following.abort();
    const liveLines = await live;
    let ref: string | undefined;
    try {
      ref = (JSON.parse(readFileSync(meta, 'utf8'))['buildx.build.ref'] as string).split('/').pop();
    } catch {
      ref = (await client.listRecords()).find((r) => (r.createdAt?.getTime() ?? 0) >= started - 500)?.ref;
    }
    if (!ref) throw new Error(`${scenario.name}: no ref`);
    const record = await client.getRecord(ref);
    if (!record) throw new Error(`${scenario.name}: no record`);
    const target = join(OUT, scenario.name);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'Dockerfile'), scenario.files.Dockerfile ?? '');
    writeFileSync(join(target, 'record.json'), `${JSON.stringify(sanitize(record), null, 2)}\n`);
    if (liveLines) {
      if (liveLines.length === 0) throw new Error(`${scenario.name}: the live stream was not recorded`);
      writeFileSync(join(target, 'live.jsonl'), `${liveLines.join('\n')}\n`);
    }
    if (record.logs) writeFileSync(join(target, 'logs.bin'), await readAll(client, record.logs.digest));
    const provenance = provenanceDescriptor(record);
    if (provenance) {
      const json: unknown = JSON.parse((await readAll(client, provenance.digest)).toString('utf8'));
      // Strip build-arg values from the recorded provenance too.
      const text = JSON.stringify(json, null, 1).replaceAll('recorded-secret-value', 'REDACTED');
      writeFileSync(join(target, 'provenance.json'), `${text}\n`);
    }
    await recordExported(client, record, target);
    writeFileSync(join(target, 'meta.json'), `${JSON.stringify({ exitCode: run.exitCode, args: scenario.args.map((a) => a.replace(/=.*/, '=REDACTED')) }, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`recorded ${scenario.name} (${ref}, exit ${run.exitCode})\n`);
  }
} finally {
  await client.close();
}

if (only.length > 0) process.exit(0);

// `docker buildx inspect` as this buildx prints it: the default builder, an
// unreachable daemon, and a remote builder (created in a private config dir).
const inspectDir = join(OUT, 'buildx-inspect');
mkdirSync(inspectDir, { recursive: true });
writeFileSync(join(inspectDir, 'default.txt'), (await execa('docker', ['buildx', 'inspect'])).stdout);
writeFileSync(join(inspectDir, 'unreachable.txt'), (await execa('docker', ['buildx', 'inspect'], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } })).stdout);
const config = mkdtempSync(join(tmpdir(), 'buildlens-record-buildx-'));
await execa('docker', ['buildx', 'create', '--name', 'remote-fixture', '--driver', 'remote', 'tcp://127.0.0.1:1234'], { env: { BUILDX_CONFIG: config } });
writeFileSync(join(inspectDir, 'remote.txt'), (await execa('docker', ['buildx', 'inspect', 'remote-fixture'], { env: { BUILDX_CONFIG: config }, reject: false })).stdout);
rmSync(config, { recursive: true, force: true });
process.stdout.write('recorded buildx-inspect\n');
