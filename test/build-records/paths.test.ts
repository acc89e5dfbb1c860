import { describe, expect, it } from 'vitest';
import { resolveStateDir } from '../../src/build-records/paths.js';

describe('resolveStateDir', () => {
  it('prefers $BUILDLENS_STATE_DIR over everything', () => {
    expect(resolveStateDir({ BUILDLENS_STATE_DIR: '/x/state', XDG_STATE_HOME: '/xdg' }, '/home/u')).toBe('/x/state');
  });

  it('uses $XDG_STATE_HOME/buildlens when it is absolute', () => {
    expect(resolveStateDir({ XDG_STATE_HOME: '/xdg' }, '/home/u')).toBe('/xdg/buildlens');
  });

  it('ignores a relative $XDG_STATE_HOME as the XDG spec requires, falling back to ~/.local/state', () => {
    expect(resolveStateDir({ XDG_STATE_HOME: 'rel' }, '/home/u')).toBe('/home/u/.local/state/buildlens');
    expect(resolveStateDir({}, '/home/u')).toBe('/home/u/.local/state/buildlens');
  });
});
