import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

// Runs once before the e2e suite: a real engine must answer (installed and
// started by scripts/engine.sh where missing), the other builders are started
// where missing (scripts/engines/all.sh), the fixture base images must
// exist and the CLI must be built. Nothing here skips: without an engine the
// suite fails, loudly, and under CI no switch can relax that.

const root = fileURLToPath(new URL('..', import.meta.url));

// Thrown when the e2e suite cannot run on this machine.
export class E2eSetupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'E2eSetupError';
  }
}

async function engineAnswers(): Promise<boolean> {
  const info = await execa('docker', ['info'], { reject: false, stdin: 'ignore' });
  if (info.exitCode !== 0) return false;
  return (await execa('docker', ['buildx', 'version'], { reject: false, stdin: 'ignore' })).exitCode === 0;
}

async function ensureEngine(): Promise<void> {
  if (await engineAnswers()) return;
  const engine = await execa('bash', ['scripts/engine.sh'], { cwd: root, reject: false, stdin: 'ignore', stdout: 'inherit', stderr: 'inherit' });
  if (engine.exitCode === 0 && (await engineAnswers())) return;
  throw new E2eSetupError(
    'e2e tests need a Docker engine with buildx, and none answers (`docker info`, `docker buildx version`). ' +
      `On Debian bookworm as root run \`bash scripts/engine.sh\` (it exited ${String(engine.exitCode)} here); ` +
      'elsewhere start Docker with buildx and the containerd image store.',
  );
}

async function ensureFixtureImages(): Promise<void> {
  const fixtures = await execa('bash', ['scripts/fixture-images.sh'], { cwd: root, reject: false, stdin: 'ignore', stdout: 'inherit', stderr: 'inherit' });
  if (fixtures.exitCode !== 0) {
    throw new E2eSetupError(`scripts/fixture-images.sh exited ${String(fixtures.exitCode)}: the fixture base images could not be made`);
  }
}

// Only for a developer checking the harness while the CLI is not built yet;
// ignored under CI, where a missing build must fail the run.
function cliMayBeMissing(): boolean {
  return process.env['BUILDLENS_E2E_NO_CLI'] === '1' && !process.env['CI'];
}

// The other builders the per-builder lists run on (scripts/engines/all.sh:
// dockerd 28.5, BuildKit as docker-container, remote and two-node, the local
// registry), started when any is not up, as the default engine is. One that
// still cannot start fails its own list in e2e/drivers.test.ts, with why.
async function ensureBuilders(): Promise<void> {
  const list = await execa('bash', ['scripts/engines/builders.sh', 'list'], { cwd: root, reject: false, stdin: 'ignore' });
  const ready = (line: string) => line.trim() === '' || line.split('\t')[2] === 'ready';
  if (list.exitCode === 0 && list.stdout.split('\n').every(ready)) return;
  await execa('bash', ['scripts/engines/all.sh', 'start'], { cwd: root, reject: false, stdin: 'ignore', stdout: 'inherit', stderr: 'inherit' });
}

// vitest globalSetup entry.
export default async function setup(): Promise<void> {
  await ensureEngine();
  await ensureBuilders();
  await ensureFixtureImages();
  if (!existsSync(new URL('../dist/cli.js', import.meta.url)) && !cliMayBeMissing()) {
    throw new E2eSetupError('dist/cli.js is missing: run `npm run build` first (npm test and npm run test:e2e do)');
  }
}
