// Where buildlens keeps its state: an explicit override, then the XDG base
// directory spec (which says to ignore a relative XDG_STATE_HOME), then its default.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** The state directory for an environment: $BUILDLENS_STATE_DIR, $XDG_STATE_HOME/buildlens or ~/.local/state/buildlens. */
export function resolveStateDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const explicit = env['BUILDLENS_STATE_DIR'];
  if (explicit) return explicit;
  const xdg = env['XDG_STATE_HOME'];
  if (xdg && isAbsolute(xdg)) return join(xdg, 'buildlens');
  return join(home, '.local', 'state', 'buildlens');
}
