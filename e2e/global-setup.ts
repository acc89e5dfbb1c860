import { existsSync } from 'node:fs';
import { execa } from 'execa';

// Before any e2e test: a real engine must answer (installed by
// scripts/engine.sh where missing), the fixture base images must exist, and
// the CLI must be built. Nothing here skips: without an engine the suite fails.

export default async function setup(): Promise<void> {
  const root = new URL('..', import.meta.url).pathname;
  const answers = async (): Promise<boolean> => (await execa('docker', ['info'], { reject: false })).exitCode === 0;
  if (!(await answers())) {
    const engine = await execa('bash', ['scripts/engine.sh'], { cwd: root, reject: false, stdio: 'inherit' });
    if (engine.exitCode !== 0 || !(await answers())) {
      throw new Error('e2e tests need a Docker engine with buildx and none answers: run `bash scripts/engine.sh` (Debian, as root) or start Docker');
    }
  }
  const fixtures = await execa('bash', ['scripts/fixture-images.sh'], { cwd: root, reject: false, stdio: 'inherit' });
  if (fixtures.exitCode !== 0) throw new Error('scripts/fixture-images.sh failed: the fixture base images could not be made');
  if (!existsSync(new URL('../dist/cli.js', import.meta.url))) throw new Error('dist/cli.js is missing: run `npm run build` first');
}
