// Records what finding a build's history record needs when buildx names no
// ref, from BuildKit v0.26.3, for unit tests under test/fixtures/:
//   v0.26-busy        six builds run at once on one builder (buildlens-remote):
//                     failing look-alikes, a success, a --push, one with a
//                     build arg; every record the builder kept of them, what
//                     each run knew (times, exit code, buildx's ERROR lines,
//                     args, tags), and buildx's local state of each context
//   v0.26-multi-node  a --push of two platforms on the two-node builder
//                     (buildlens-multi), whose metadata file names no ref:
//                     each node's record, logs and provenance, and the run
//   v0.26-multi-node-failed  the same two nodes, the 386 node's RUN failing
//                     (exit 3) while the amd64 node's still runs (canceled)
// Context directories are written as CONTEXT-<run>; no secret is used.
// Needs the engines: bash scripts/engines/all.sh start
// Run: npx tsx scripts/record-fixtures-lookup.ts [busy|multi-node|multi-node-failed ...]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { BuildkitClient } from '../src/buildkit/client.js';
import type { HistoryRecord } from '../src/buildkit/types.js';
import { provenanceDescriptor } from '../src/collect/history.js';
import { RemoteTransport } from '../src/transport/remote.js';

const OUT = new URL('../test/fixtures/', import.meta.url).pathname;
const BASE = 'buildlens-fixture/busybox:1';

/** What a run knew, as the fixture keeps it. */
interface RecordedRun {
  name: string;
  startedAt: string;
  completedAt: string;
  exitCode: number;
  args: string[];
  dockerfile: string;
  /** buildx's ERROR lines. */
  errorLines: string[];
  /** The ref buildx's metadata file named, if any. */
  ref?: string;
}

// The engine scripts' view: DOCKER_CONFIG of the named builders and the daemons' addresses.
async function engines(): Promise<{ env: Record<string, string>; status: string }> {
  const list = (await execa('bash', ['scripts/engines/builders.sh', 'list'])).stdout.split('\n');
  for (const name of ['buildlens-remote', 'buildlens-multi']) {
    const line = list.find((l) => l.startsWith(`${name}\t`))?.split('\t');
    if (line?.[2] !== 'ready') throw new Error(`${name} is not up (${line?.[3] ?? 'not listed'}); run: bash scripts/engines/all.sh start`);
  }
  const config = /DOCKER_CONFIG=(\S+)/.exec(list.find((l) => l.startsWith('buildlens-remote\t')) ?? '')?.[1];
  if (!config) throw new Error('builders.sh list printed no DOCKER_CONFIG');
  return { env: { DOCKER_CONFIG: config }, status: (await execa('bash', ['scripts/engines/buildkit.sh', 'status'])).stdout };
}

function socketOf(status: string, key: string): string {
  const socket = new RegExp(`^${key}=unix://(\\S+)$`, 'm').exec(status)?.[1];
  if (!socket) throw new Error(`buildkit.sh status printed no ${key}`);
  return socket;
}

async function client(socket: string): Promise<BuildkitClient> {
  return BuildkitClient.connect(new RemoteTransport({ kind: 'unix', path: socket }));
}

async function readAll(c: BuildkitClient, digest: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of c.readBlob(digest)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function context(dockerfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'buildlens-record-'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

// One buildx run, never rejecting: what it knew when it ended.
async function run(
  env: Record<string, string>,
  name: string,
  builder: string,
  dir: string,
  args: string[],
  delayMs: number,
): Promise<RecordedRun> {
  await new Promise((r) => setTimeout(r, delayMs));
  const meta = join(dir, '..', `${name}-meta.json`);
  const startedAt = new Date();
  const result = await execa(
    'docker',
    ['buildx', 'build', '--builder', builder, '--progress', 'plain', '--metadata-file', meta, ...args, dir],
    { env, reject: false },
  );
  const completedAt = new Date();
  const recorded: RecordedRun = {
    name,
    startedAt: startedAt.toISOString(),
    completedAt: completedAt.toISOString(),
    exitCode: result.exitCode ?? -1,
    args,
    dockerfile: readFileSync(join(dir, 'Dockerfile'), 'utf8'),
    errorLines: result.stderr.split('\n').filter((l) => /^ERROR:/.test(l)),
  };
  const ref = result.exitCode === 0 ? (JSON.parse(readFileSync(meta, 'utf8')) as Record<string, unknown>)['buildx.build.ref'] : undefined;
  if (typeof ref === 'string') recorded.ref = ref.split('/').pop() ?? ref;
  rmSync(meta, { force: true });
  return recorded;
}

// buildx's local state of the runs' contexts: per node, ref → state with the context written as CONTEXT-<run>, and the file's time.
function localState(env: Record<string, string>, builder: string, contexts: Map<string, string>): Record<string, Record<string, unknown>> {
  const root = join(env['DOCKER_CONFIG'] ?? '', 'buildx', 'refs', builder);
  const out: Record<string, Record<string, unknown>> = {};
  for (const node of readdirSync(root)) {
    for (const ref of readdirSync(join(root, node))) {
      const path = join(root, node, ref);
      const state = JSON.parse(readFileSync(path, 'utf8')) as { LocalPath?: string; DockerfilePath?: string };
      const run = [...contexts].find(([, dir]) => dir === state.LocalPath)?.[0];
      if (!run) continue;
      out[node] = {
        ...out[node],
        [ref]: { LocalPath: `CONTEXT-${run}`, DockerfilePath: state.DockerfilePath ?? '', mtime: statSync(path).mtime.toISOString() },
      };
    }
  }
  return out;
}

function json(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

// Each record without its exporter response (it repeats the image config).
const plain = (r: HistoryRecord): HistoryRecord => ({ ...r, exporterResponse: {} });

async function busy(env: Record<string, string>, status: string, nonce: string): Promise<void> {
  const failing = `FROM ${BASE}\nRUN echo a-${nonce}\nRUN sleep 2 && exit 7\n`;
  const passing = `FROM ${BASE}\nRUN echo b-${nonce} && sleep 1\n`;
  const plans: Array<[string, string, string[]]> = [
    ['a-failing', failing, []],
    ['b-success', passing, []],
    ['c-failing-look-alike', failing, []],
    ['d-failing-other', `FROM ${BASE}\nRUN echo d-${nonce}\nRUN sleep 1 && exit 9\n`, []],
    ['e-push', passing, ['--push', '-t', `127.0.0.1:5000/buildlens-record/busy:${nonce}`]],
    ['f-build-arg', `FROM ${BASE}\nARG MODE\nRUN echo f-$MODE-${nonce} && sleep 1\n`, ['--build-arg', 'MODE=fast']],
  ];
  const contexts = new Map(plans.map(([name, text]) => [name, context(text)]));
  const runs = await Promise.all(
    plans.map(([name, , args], i) => run(env, name, 'buildlens-remote', contexts.get(name) ?? '', args, i * 300)),
  );
  const c = await client(socketOf(status, 'BUILDKIT_UNIX'));
  try {
    const first = Math.min(...runs.map((r) => Date.parse(r.startedAt)));
    const records = (await c.listRecords()).filter((r) => (r.createdAt?.getTime() ?? 0) >= first - 5000).map(plain);
    const target = join(OUT, 'v0.26-busy');
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    json(join(target, 'records.json'), records);
    json(join(target, 'runs.json'), runs);
    json(join(target, 'localstate.json'), localState(env, 'buildlens-remote', contexts));
    json(join(target, 'meta.json'), { engine: 'buildkit v0.26.3 (remote driver, unix socket)', builder: 'buildlens-remote' });
    process.stdout.write(`recorded v0.26-busy (${records.length} records, ${runs.length} runs)\n`);
  } finally {
    await c.close();
    for (const dir of contexts.values()) rmSync(dir, { recursive: true, force: true });
  }
}

async function multiNode(env: Record<string, string>, status: string, nonce: string): Promise<void> {
  const text = `FROM ${BASE}\nRUN echo built-${nonce} > /built\nCOPY Dockerfile /Dockerfile\n`;
  const args = ['--platform', 'linux/amd64,linux/386', '--push', '-t', `127.0.0.1:5000/buildlens-record/multi:${nonce}`];
  await recordTwoNodes(env, status, { fixture: 'v0.26-multi-node', run: 'push', text, args, exitCode: 0 });
}

// One platform fails (the 386 node's RUN exits 3) while the other still runs: buildx cancels it.
async function multiNodeFailed(env: Record<string, string>, status: string, nonce: string): Promise<void> {
  const text = `FROM ${BASE}\nARG TARGETARCH\nRUN if [ "$TARGETARCH" = 386 ]; then echo failing-${nonce}; exit 3; fi; i=0; while [ $i -lt 20000000 ]; do i=$((i+1)); done\n`;
  await recordTwoNodes(env, status, {
    fixture: 'v0.26-multi-node-failed',
    run: 'failed',
    text,
    args: ['--platform', 'linux/amd64,linux/386'],
    exitCode: 1,
  });
}

// A build of two platforms on the two-node builder: each node's record, logs and provenance, and the run.
async function recordTwoNodes(
  env: Record<string, string>,
  status: string,
  plan: { fixture: string; run: string; text: string; args: string[]; exitCode: number },
): Promise<void> {
  const dir = context(plan.text);
  const ran = await run(env, plan.run, 'buildlens-multi', dir, plan.args, 0);
  if (ran.exitCode !== plan.exitCode || ran.ref)
    throw new Error(`the multi-node run exited ${ran.exitCode} with ref ${ran.ref ?? 'none'}: not the case to record`);
  const state = localState(env, 'buildlens-multi', new Map([[plan.run, dir]]));
  const target = join(OUT, plan.fixture);
  rmSync(target, { recursive: true, force: true });
  for (const [node, key] of [
    ['amd64', 'BUILDKIT_NODE_AMD64'],
    ['386', 'BUILDKIT_NODE_386'],
  ] as const) {
    const c = await client(socketOf(status, key));
    try {
      const records = (await c.listRecords()).filter((r) => (r.createdAt?.getTime() ?? 0) >= Date.parse(ran.startedAt) - 1000);
      const record = records[0];
      if (records.length !== 1 || !record) throw new Error(`node ${node}: ${records.length} records of the run`);
      const out = join(target, node);
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'Dockerfile'), plan.text);
      json(join(out, 'record.json'), plain(record));
      if (record.logs) writeFileSync(join(out, 'logs.bin'), await readAll(c, record.logs.digest));
      const provenance = provenanceDescriptor(record);
      if (provenance) json(join(out, 'provenance.json'), JSON.parse((await readAll(c, provenance.digest)).toString('utf8')));
    } finally {
      await c.close();
    }
  }
  json(join(target, 'run.json'), ran);
  json(join(target, 'localstate.json'), state);
  json(join(target, 'meta.json'), {
    engine: 'buildkit v0.26.3 (remote driver, two nodes)',
    builder: 'buildlens-multi',
    nodes: { amd64: 'buildlens-multi-amd64', 386: 'buildlens-multi-386' },
  });
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`recorded ${plan.fixture}\n`);
}

const SCENARIOS: Record<string, (env: Record<string, string>, status: string, nonce: string) => Promise<void>> = {
  busy,
  'multi-node': multiNode,
  'multi-node-failed': multiNodeFailed,
};
const wanted = process.argv.slice(2);
for (const name of wanted) if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name} (${Object.keys(SCENARIOS).join(', ')})`);
const { env, status } = await engines();
const nonce = `${Date.now()}`;
for (const [name, scenario] of Object.entries(SCENARIOS))
  if (wanted.length === 0 || wanted.includes(name)) await scenario(env, status, nonce);
