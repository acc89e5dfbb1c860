import { mkdir, mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A fake `docker` (and `kubectl`) that answers with what the real CLI printed
// on this machine (test/fixtures/cli, written by scripts/capture-cli-output.sh).
// A test names the captures of the world it sets up; a call is answered only
// when its argv and the variables that select docker's answer (DOCKER_HOST,
// DOCKER_CONTEXT, ...) are those of a named capture, and fails loudly (exit
// 127) otherwise, so a caller that drops the environment or asks something
// else is caught. A call ending in `dial-stdio` stands for buildctl's or
// docker's byte pipe and echoes its stdin. Hermetic: PATH and env only.

const FIXTURES = fileURLToPath(new URL('../fixtures/cli/', import.meta.url));

/** The variables that select what docker answers; the capture records them. */
export const SELECTING_VARS = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'BUILDX_BUILDER'] as const;

const FAKE = `#!/bin/sh
set -f
tool=$(basename "$0")
SELECTING="${SELECTING_VARS.join(' ')}"
sub() { sed "s|@CAPTURE_ROOT@|$FAKE_CAPTURE_ROOT|g" "$1" 2>/dev/null; }
entry=$(printf '%s\\037' "$tool" "$@")$(printf '\\036')
for v in $SELECTING; do eval "val=\\\${$v:-}"; [ -z "$val" ] || entry="$entry$(printf '%s=%s\\037' "$v" "$val")"; done
printf '%s\\n' "$entry" >> "$FAKE_CLI_LOG"
eval "last=\\\${$#}"
if [ "$last" = dial-stdio ]; then exec cat; fi
line="$tool $*"
miss=""
for name in $FAKE_CLI_CAPTURES; do
  cmd=$(sub "$FAKE_CLI_FIXTURES/$name.cmd")
  rest=$(printf '%s\\n' "$cmd" | sed -n 1p)
  code=$(printf '%s\\n' "$cmd" | sed -n 's/^exit //p')
  captured=""
  while :; do
    word=\${rest%% *}
    case $word in [A-Z_]*=*) captured="$captured $word"; rest=\${rest#* } ;; *) break ;; esac
  done
  [ "$rest" = "$line" ] || continue
  differs=""
  for v in $SELECTING; do
    eval "have=\\\${$v:-}"
    want=""
    for w in $captured; do case $w in "$v="*) want=\${w#*=} ;; esac; done
    [ "$have" = "$want" ] || differs="$differs $v=$want"
  done
  if [ -n "$differs" ]; then miss="$miss; $name was captured with$differs"; continue; fi
  sub "$FAKE_CLI_FIXTURES/$name.stdout"
  sub "$FAKE_CLI_FIXTURES/$name.stderr" >&2
  exit "$code"
done
echo "fake $tool: no capture for \\"$line\\"$miss" >&2
exit 127
`;

/** One call the fake answered (or refused). */
export interface CliCall {
  argv: string[];
  env: Partial<Record<(typeof SELECTING_VARS)[number], string>>;
}

/** A temp world: the fake CLI first on PATH, a private DOCKER_CONFIG, a call log. */
export interface CapturedCli {
  /** Stands for the capture's work dir (@CAPTURE_ROOT@ in the fixtures). */
  root: string;
  binDir: string;
  /** DOCKER_CONFIG of this world (root/docker, as in the capture). */
  dockerConfig: string;
  /** The environment of this world: no inherited docker or buildx variables. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** Copies config/NAME of the captures to PATH under DOCKER_CONFIG. */
  place(name: string, path: string): Promise<void>;
  calls(): Promise<CliCall[]>;
  dispose(): Promise<void>;
}

/** Creates a world whose docker answers as in the named captures. */
export async function capturedCli(captures: readonly string[]): Promise<CapturedCli> {
  const root = await mkdtemp(join(tmpdir(), 'buildlens-captured-cli-'));
  const binDir = join(root, 'bin');
  const dockerConfig = join(root, 'docker');
  const log = join(root, 'calls.jsonl');
  await Promise.all([mkdir(binDir), mkdir(dockerConfig)]);
  await writeFile(log, '');
  for (const tool of ['docker', 'kubectl']) {
    await writeFile(join(binDir, tool), FAKE);
    await chmod(join(binDir, tool), 0o755);
  }
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DOCKER_|BUILDX_)/.test(k)));
  return {
    root,
    binDir,
    dockerConfig,
    env: (extra = {}) => ({
      ...base,
      PATH: `${binDir}:${process.env.PATH ?? ''}`,
      DOCKER_CONFIG: dockerConfig,
      FAKE_CLI_LOG: log,
      FAKE_CLI_FIXTURES: FIXTURES,
      FAKE_CLI_CAPTURES: captures.join(' '),
      FAKE_CAPTURE_ROOT: root,
      ...extra,
    }),
    async place(name, path) {
      const target = join(dockerConfig, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, (await readFile(join(FIXTURES, 'config', name), 'utf8')).replaceAll('@CAPTURE_ROOT@', root));
    },
    async calls() {
      const text = await readFile(log, 'utf8');
      // One line per call: argv, then the selecting variables set, as \x1f-ended fields split by \x1e.
      return text.split('\n').filter(Boolean).map((line) => {
        const [argv = '', env = ''] = line.split('\x1e');
        const fields = (s: string) => s.split('\x1f').slice(0, -1);
        return { argv: fields(argv), env: Object.fromEntries(fields(env).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) };
      });
    },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

/** Text of a captured file under test/fixtures/cli (with @CAPTURE_ROOT@ as captured). */
export function capturedText(path: string): Promise<string> {
  return readFile(join(FIXTURES, path), 'utf8');
}
