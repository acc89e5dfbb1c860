// Records what standalone BuildKit v0.26.3 keeps about builds that the
// default engine's BuildKit v0.13 cannot show, for unit tests, under
// test/fixtures/v0.26-<scenario>/ (record with build-arg values replaced,
// logs blob, provenance, Dockerfile, and buildx's own plain progress):
//   cache-from      a build restored from --cache-from type=local after the
//                   builder's cache was pruned (steps come out "lazy" cached)
//   provenance-v1   a build with BUILDKIT_HISTORY_PROVENANCE_V1=1: SLSA v1
//                   provenance in the history record
//   build-checks    a two-platform build of a Dockerfile that trips
//                   BuildKit's own build checks (warnings in the stream)
// Needs the buildlens-remote builder: bash scripts/engines/all.sh start
// Run: npx tsx scripts/record-fixtures-buildkit.ts [SCENARIO...] (all by default)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { BuildkitClient } from '../src/buildkit/client.js';
import type { HistoryRecord } from '../src/buildkit/types.js';
import { provenanceDescriptor } from '../src/collect/history.js';
import { RemoteTransport } from '../src/transport/remote.js';

const OUT = new URL('../test/fixtures/', import.meta.url).pathname;
const BUILDER = 'buildlens-remote';
const SECRET = 'recorded-secret-value';

const DOCKERFILE = `FROM buildlens-fixture/busybox:1 AS deps
WORKDIR /app
COPY package.json ./
RUN echo installing > deps.txt

FROM buildlens-fixture/busybox:1
WORKDIR /srv
COPY --from=deps /app/deps.txt ./
COPY src ./src
ARG GREETING=hi
RUN echo "$GREETING" > /greet && head -c 200000 /dev/urandom > /srv/blob
RUN echo done > /srv/done
`;

// The builder's env and its buildkitd's unix socket, from the engine scripts.
async function builderAccess(): Promise<{ env: Record<string, string>; socket: string }> {
  const list = (await execa('bash', ['scripts/engines/builders.sh', 'list'])).stdout.split('\n');
  const line = list.find((l) => l.startsWith(`${BUILDER}\t`))?.split('\t');
  if (line?.[2] !== 'ready') throw new Error(`${BUILDER} is not up (${line?.[3] ?? 'not listed'}); run: bash scripts/engines/all.sh start`);
  const config = /DOCKER_CONFIG=(\S+)/.exec(line[3] ?? '')?.[1];
  const status = (await execa('bash', ['scripts/engines/buildkit.sh', 'status'])).stdout;
  const socket = /^BUILDKIT_UNIX=unix:\/\/(\S+)$/m.exec(status)?.[1];
  if (!config || !socket) throw new Error('the engine scripts printed no DOCKER_CONFIG or BUILDKIT_UNIX');
  return { env: { DOCKER_CONFIG: config }, socket };
}

function writeContext(nonce: string, dockerfile = DOCKERFILE): string {
  const dir = mkdtempSync(join(tmpdir(), 'buildlens-record-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  writeFileSync(join(dir, 'package.json'), `{"nonce":"${nonce}"}`);
  writeFileSync(join(dir, 'src', 'app.js'), `console.log("${nonce}")`);
  return dir;
}

function sanitize(record: HistoryRecord): HistoryRecord {
  const attrs = Object.fromEntries(Object.entries(record.frontendAttrs).map(([k, v]) => [k, k.startsWith('build-arg:') && k !== 'build-arg:BUILDKIT_HISTORY_PROVENANCE_V1' ? 'REDACTED' : v]));
  // The exporter response embeds image configs whose history repeats build-arg values.
  return { ...record, frontendAttrs: attrs, exporterResponse: {} };
}

async function readAll(client: BuildkitClient, digest: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of client.readBlob(digest)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function buildx(env: Record<string, string>, args: string[]): Promise<{ ref: string; progress: string; exitCode: number }> {
  const meta = join(mkdtempSync(join(tmpdir(), 'buildlens-record-meta-')), 'meta.json');
  const run = await execa('docker', ['buildx', 'build', '--builder', BUILDER, '--progress', 'plain', '--metadata-file', meta, ...args], { env, reject: false });
  if (run.exitCode !== 0) throw new Error(`docker buildx build ${args.join(' ')} exited ${String(run.exitCode)}:\n${run.stderr}`);
  const ref = (JSON.parse(readFileSync(meta, 'utf8'))['buildx.build.ref'] as string).split('/').pop() ?? '';
  rmSync(join(meta, '..'), { recursive: true, force: true });
  return { ref, progress: run.stderr, exitCode: run.exitCode ?? -1 };
}

async function save(client: BuildkitClient, name: string, ref: string, progress: string, args: string[], dockerfile = DOCKERFILE): Promise<void> {
  const record = await client.getRecord(ref);
  if (!record) throw new Error(`${name}: no history record for ${ref}`);
  const target = join(OUT, name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, 'Dockerfile'), dockerfile);
  writeFileSync(join(target, 'record.json'), `${JSON.stringify(sanitize(record), null, 2)}\n`);
  if (record.logs) writeFileSync(join(target, 'logs.bin'), await readAll(client, record.logs.digest));
  const provenance = provenanceDescriptor(record);
  if (provenance) {
    const json: unknown = JSON.parse((await readAll(client, provenance.digest)).toString('utf8'));
    writeFileSync(join(target, 'provenance.json'), `${JSON.stringify(json, null, 1).replaceAll(SECRET, 'REDACTED')}\n`);
  }
  // buildx's own account of the build, to hold the replayed log against.
  writeFileSync(join(target, 'buildx-progress.txt'), progress.replaceAll(SECRET, 'REDACTED').replace(/\/tmp\/buildlens-record-[^\s/]+/g, '/tmp/CONTEXT'));
  writeFileSync(join(target, 'meta.json'), `${JSON.stringify({ engine: 'buildkit v0.26.3 (remote driver)', args: args.map((a) => a.replace(/=.*/, '=REDACTED')) }, null, 2)}\n`);
  process.stdout.write(`recorded ${name} (${ref})\n`);
}

// Trips BuildKit's checks: FromAsCasing (1), SecretsUsedInArgOrEnv on an ARG
// (2, also buildlens's BL009) and on an ENV (3), MaintainerDeprecated (7),
// JSONArgsRecommended on an instruction of two lines (9-10).
const CHECKS_DOCKERFILE = `FROM buildlens-fixture/busybox:1 as build
ARG NPM_TOKEN
ENV API_KEY=placeholder
RUN echo building > /out

FROM build
MAINTAINER someone@example.com
COPY --from=build /out /out
CMD echo \\
    done
`;

type Scenario = (client: BuildkitClient, env: Record<string, string>, nonce: string) => Promise<void>;
const secretArg = ['--build-arg', `GREETING=${SECRET}`];

const SCENARIOS: Record<string, Scenario> = {
  // Cached from a local cache export after the builder's own cache is gone.
  'cache-from': async (client, env, nonce) => {
    const context = writeContext(nonce);
    const cacheDir = mkdtempSync(join(tmpdir(), 'buildlens-record-cache-'));
    await buildx(env, [...secretArg, '--cache-to', `type=local,dest=${cacheDir},mode=max`, context]);
    await execa('docker', ['buildx', 'prune', '--all', '--force', '--builder', BUILDER], { env });
    const restoreArgs = [...secretArg, '--cache-from', `type=local,src=${cacheDir}`];
    const restored = await buildx(env, [...restoreArgs, context]);
    await save(client, 'v0.26-cache-from', restored.ref, restored.progress, restoreArgs);
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(context, { recursive: true, force: true });
  },
  // SLSA v1 provenance in the history record.
  'provenance-v1': async (client, env, nonce) => {
    const context = writeContext(`${nonce}-v1`);
    const args = [...secretArg, '--build-arg', 'BUILDKIT_HISTORY_PROVENANCE_V1=1'];
    const v1 = await buildx(env, [...args, context]);
    await save(client, 'v0.26-provenance-v1', v1.ref, v1.progress, args);
    rmSync(context, { recursive: true, force: true });
  },
  // BuildKit's build checks, once per platform in the stream.
  'build-checks': async (client, env, nonce) => {
    const context = writeContext(`${nonce}-checks`, CHECKS_DOCKERFILE);
    const args = ['--platform', 'linux/amd64,linux/386'];
    const checks = await buildx(env, [...args, context]);
    await save(client, 'v0.26-build-checks', checks.ref, checks.progress, args, CHECKS_DOCKERFILE);
    rmSync(context, { recursive: true, force: true });
  },
};

const wanted = process.argv.slice(2);
for (const name of wanted) if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name} (${Object.keys(SCENARIOS).join(', ')})`);
const { env, socket } = await builderAccess();
const client = await BuildkitClient.connect(new RemoteTransport({ kind: 'unix', path: socket }));
try {
  const nonce = `${Date.now()}`;
  for (const [name, scenario] of Object.entries(SCENARIOS)) if (wanted.length === 0 || wanted.includes(name)) await scenario(client, env, nonce);
} finally {
  await client.close();
}
