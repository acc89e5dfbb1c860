import { describe, expect, test } from 'vitest';
import { makeContext, runCli, runCliOnTerminal } from './support/index.js';

// The live view as a person sees it: the CLI on a pseudo-terminal, the screen
// read back from the transcript. Each build has its own nonce, so no step is
// served from an earlier test's cache.

// A line listr2 drew for a task: its state mark (done, failed, skipped, running or a spinner frame) first.
const TASK_LINE = /^\s*[✔✖↓❯›◼⚠↺\u2800-\u28ff] /;

// The line of the final frame for a task ("build context", a stage), not the summary's line for the stage.
function finalLine(frame: string[], title: string): string {
  return [...frame].reverse().find((line) => TASK_LINE.test(line) && new RegExp(`\\s${title}(\\s|:|$)`).test(line)) ?? `(no line for ${title} in:\n${frame.join('\n')})`;
}

// Milliseconds of a duration as buildlens prints it ("45ms", "1.2s", "1m 05s").
function millis(text: string): number {
  const m = /^(?:(\d+)m (\d+)s|([\d.]+)s|(\d+)ms)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return m[1] !== undefined ? (Number(m[1]) * 60 + Number(m[2])) * 1000 : m[3] !== undefined ? Number(m[3]) * 1000 : Number(m[4]);
}

describe('the live view on a terminal', () => {
  test('shows a task per stage with the running step\'s Dockerfile line and its last output line, and no build-arg value', async () => {
    const secret = `live-secret-${Date.now()}`;
    const context = makeContext({
      Dockerfile: `FROM buildlens-fixture/busybox:1 AS first\nARG TOKEN\nRUN echo "working on $TOKEN" && sleep 3 && echo "$TOKEN" > /t\nFROM buildlens-fixture/busybox:1\nCOPY --from=first /t /t\n`,
    });
    const result = await runCliOnTerminal(['build', '--build-arg', `TOKEN=${secret}`, context], { cols: 100 });
    expect(result.exitCode, result.screen).toBe(0);
    expect(result.screen).toMatch(/first\s+\d\/\d steps/);
    expect(result.screen).toMatch(/line 3\s+RUN echo "working on \$TOKEN" && sleep 3/);
    // The step's own output, under it, as buildx's tty view shows it: the value masked.
    expect(result.screen).toMatch(/> working on \*\*\*/);
    // Cut to the terminal's width (listr2 indents the output line; nothing drawn is wider than the terminal).
    for (const line of result.screen.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(result.screen).toContain('buildlens: build succeeded');
    expect(result.screen).not.toContain(secret);
  });

  test('after Ctrl-C the stages left unfinished say canceled, never done, and the context shows its own load time', async () => {
    const token = `interrupt-${Date.now()}`;
    const context = makeContext({
      Dockerfile: `FROM buildlens-fixture/busybox:1 AS quick\nCOPY a.txt /a.txt\nRUN echo quick-${token}\n\nFROM buildlens-fixture/busybox:1 AS sleeper\nRUN echo ${token} && sleep 60\n\nFROM buildlens-fixture/busybox:1\nCOPY --from=quick /a.txt /a.txt\nCOPY --from=sleeper /etc/hostname /h\n`,
      'a.txt': token,
    });
    // Interrupt once the quick stage is done and the sleeping RUN has printed its line (it is running), however slow the machine.
    const result = await runCliOnTerminal(['build', context], { interruptWhen: (screen) => screen.includes(`> ${token}`) && /✔ quick/.test(screen) });
    expect(result.exitCode, result.screen).toBe(130);
    const sleeper = finalLine(result.lastFrame, 'sleeper');
    expect(sleeper).toMatch(/sleeper\s+0\/1 steps\s+\S+\s+canceled$/);
    expect(sleeper).not.toContain('✔');
    expect(result.screen).not.toMatch(/✔ sleeper/);
    // The final stage may not have started, may be copying from the quick stage (0/2, started),
    // or may have copied from it already (1/2): unfinished and canceled either way.
    expect(finalLine(result.lastFrame, 'stage-2')).toMatch(/^↓ stage-2\s+(not built|[01]\/2 steps\s+\S+\s+canceled)$/);
    // The stage that finished before Ctrl-C stays done.
    expect(finalLine(result.lastFrame, 'quick')).toMatch(/✔ quick\s+2\/2 steps/);
    // The context took milliseconds to load; the build ran for seconds before Ctrl-C.
    const contextLine = finalLine(result.lastFrame, 'build context');
    const contextTime = /build context\s+\S+ \S+\s+(\S+)$/.exec(contextLine)?.[1] ?? 'missing';
    const sleeperTime = /steps\s+(\S+)\s+canceled$/.exec(sleeper)?.[1] ?? 'missing';
    expect(millis(contextTime)).toBeLessThan(millis(sleeperTime));
    expect(contextLine).not.toMatch(/\[\d/);
  });

  test('a failed build: the failing stage fails at its line, the stage BuildKit canceled says canceled', async () => {
    const token = `failing-${Date.now()}`;
    const context = makeContext({
      Dockerfile: `FROM buildlens-fixture/busybox:1 AS slow\nRUN echo "slow starts" && sleep 5 && echo ${token} > /slow\n\nFROM buildlens-fixture/busybox:1 AS broken\nRUN echo broken-${token} && exit 3\n\nFROM buildlens-fixture/busybox:1\nCOPY --from=slow /slow /slow\nCOPY --from=broken /etc/hostname /b\n`,
    });
    const result = await runCliOnTerminal(['build', context]);
    expect(result.exitCode, result.screen).toBe(1);
    expect(finalLine(result.lastFrame, 'slow')).toMatch(/slow\s+0\/1 steps\s+\S+\s+canceled$/);
    expect(result.screen).not.toMatch(/✔ slow/);
    expect(finalLine(result.lastFrame, 'broken')).toMatch(/^✖ broken: line 5: process "\/bin\/sh -c echo broken-failing-\d+ && exit 3"/);
    // It needs no context: nothing was sent, and it says so rather than a tick or a time.
    expect(finalLine(result.lastFrame, 'build context')).toBe('↓ build context  none sent');
  });

  test('one step count: the live view\'s last title per stage, the summary\'s stage line and `history` agree', async () => {
    const nonce = Date.now();
    // Two stages on one base with the same WORKDIR: BuildKit runs the FROM and the WORKDIR once, for the first stage.
    const context = makeContext({
      Dockerfile: `FROM buildlens-fixture/busybox:1 AS deps\nWORKDIR /app\nRUN echo deps-${nonce} > deps.txt\n\nFROM buildlens-fixture/busybox:1 AS build\nWORKDIR /app\nCOPY --from=deps /app/deps.txt ./\nRUN echo build-${nonce} > out.txt\nRUN cat out.txt deps.txt > all.txt\n`,
    });
    const result = await runCliOnTerminal(['build', context]);
    expect(result.exitCode, result.screen).toBe(0);
    const ref = /· ref (\w+)/.exec(result.screen)?.[1] ?? 'missing';
    let steps = 0;
    let cached = 0;
    for (const stage of ['deps', 'build']) {
      const live = /(\d+)\/(\d+) steps(?:, (\d+) cached)?/.exec(finalLine(result.lastFrame, stage));
      const summary = new RegExp(`^\\s+${stage}\\s+\\S+\\s+(\\d+)/(\\d+) cached$`, 'm').exec(result.screen);
      expect(live, stage).not.toBeNull();
      expect(summary, stage).not.toBeNull();
      // Finished: k/k steps; as many steps and cached steps as the summary says.
      expect(live?.[1]).toBe(live?.[2]);
      expect(live?.[2]).toBe(summary?.[2]);
      expect(live?.[3] ?? '0').toBe(summary?.[1]);
      steps += Number(summary?.[2]);
      cached += Number(summary?.[1]);
    }
    expect(steps).toBe(5);
    expect(result.screen).toContain(`cache: ${cached}/${steps} steps cached`);
    const history = await runCli(['history', '--json', '--limit', '5']);
    const row = (JSON.parse(history.stdout) as Array<{ ref: string; steps: number; cachedSteps: number }>).find((r) => r.ref === ref);
    expect(row).toMatchObject({ steps, cachedSteps: cached });
  });
});
