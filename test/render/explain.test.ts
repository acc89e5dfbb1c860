import { describe, expect, test } from 'vitest';
import { RULES } from '../../src/analysis/rules/index.js';
import { renderExplain } from '../../src/render/explain.js';

// `buildlens explain`: the catalog, and one rule's why and how.

describe('buildlens explain', () => {
  test('without an id it lists all sixteen rules, one per line, in catalog order', () => {
    const out = renderExplain() ?? '';
    const ids = out.split('\n').filter((l) => /^BL\d{3}/.test(l)).map((l) => l.slice(0, 5));
    expect(ids).toEqual(Array.from({ length: 16 }, (_, i) => `BL${String(i + 1).padStart(3, '0')}`));
    expect(out).toContain('BL009  error    secrets in the image or its metadata');
  });

  test('with an id (any case) it gives the explanation, the fix as before/after, and how to silence it', () => {
    const out = renderExplain('bl003') ?? '';
    expect(out.split('\n')[0]).toBe('BL003: apt-get install pulls in recommended packages (warning)');
    expect(out).toContain('--no-install-recommends');
    expect(out).toContain('    # before\n    RUN apt-get update && apt-get install -y curl\n    # after');
    expect(out).toContain('    # buildlens-ignore BL003');
  });

  test('an unknown id gives nothing, so the command can say so and exit 2', () => {
    expect(renderExplain('BL999')).toBeUndefined();
  });

  test('every rule has a title, a one-paragraph explanation and a fix example', () => {
    for (const rule of RULES) {
      expect(rule.title.length, rule.id).toBeGreaterThan(10);
      expect(rule.explanation.includes('\n'), rule.id).toBe(false);
      expect(rule.explanation.length, rule.id).toBeGreaterThan(80);
      expect(rule.fix.trim().length, rule.id).toBeGreaterThan(10);
    }
  });
});
