import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';

// A child that writes 1 MiB to a pipe and exits at once must deliver all of it.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MiB = 1024 * 1024;

function child(exit: string): Promise<{ stdout: string }> {
  const script = `import { exitWhenFlushed } from './src/core/exit.ts'; process.stdout.write('x'.repeat(${MiB})); ${exit}`;
  return execa('npx', ['tsx', '--input-type=module', '-e', script], { cwd: ROOT, stripFinalNewline: false });
}

describe('exitWhenFlushed', () => {
  test('everything written to a pipe arrives before the process exits', async () => {
    const { stdout } = await child('await exitWhenFlushed(0);');
    expect(stdout.length).toBe(MiB);
  });

  test('the check can fail: process.exit() at once drops what is still queued', async () => {
    const { stdout } = await child('process.exit(0);');
    expect(stdout.length).toBeLessThan(MiB);
  });
});
