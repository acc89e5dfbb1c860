// The table a run of the per-builder list leaves in the log: one row per
// test, one column per builder, each cell the outcome and the time it took,
// so a CI log shows at a glance what passed where and what each builder costs.

/** What one test did on one builder. */
// 'not applicable': the test has no meaning on that builder and is not defined there.
export type Outcome = 'pass' | 'FAIL' | 'known wrong' | 'not applicable';

interface Cell {
  outcome: Outcome;
  ms: number;
}

/** Collects outcomes by test and builder, in the order they were first seen. */
export class BuilderTable {
  private readonly cells = new Map<string, Map<string, Cell>>();
  private readonly builders: string[] = [];
  private readonly missing = new Map<string, string>();

  /** Records that a builder did not run at all: what that means here, and why. */
  missingBuilder(builder: string, why: string): void {
    if (!this.builders.includes(builder)) this.builders.push(builder);
    this.missing.set(builder, why);
  }

  /** Adds a test's row (as it is defined, so rows keep the list's order). */
  declare(test: string): void {
    if (!this.cells.has(test)) this.cells.set(test, new Map());
  }

  /** Records one outcome. */
  record(builder: string, test: string, outcome: Outcome, ms = 0): void {
    if (!this.builders.includes(builder)) this.builders.push(builder);
    const row = this.cells.get(test) ?? new Map<string, Cell>();
    row.set(builder, { outcome, ms });
    this.cells.set(test, row);
  }

  /** Runs a test body, recording its outcome and time; rethrows what it throws. */
  async time(builder: string, test: string, body: () => Promise<void>, expectFailure = false): Promise<void> {
    const started = Date.now();
    try {
      await body();
      this.record(builder, test, expectFailure ? 'FAIL' : 'pass', Date.now() - started);
    } catch (error) {
      this.record(builder, test, expectFailure ? 'known wrong' : 'FAIL', Date.now() - started);
      throw error;
    }
  }

  /** The table as aligned text, with each builder's total time. */
  render(): string {
    const cell = (c: Cell | undefined) => (c ? (c.outcome === 'not applicable' ? c.outcome : `${c.outcome} ${(c.ms / 1000).toFixed(1)}s`) : '-');
    const ran = [...this.cells].filter(([, row]) => row.size > 0);
    const header = ['test', ...this.builders];
    const rows = ran.map(([test, row]) => [test.length > 60 ? `${test.slice(0, 59)}…` : test, ...this.builders.map((b) => cell(row.get(b)))]);
    const totals = this.builders.map((b) => {
      const ms = [...this.cells.values()].reduce((sum, row) => sum + (row.get(b)?.ms ?? 0), 0);
      return `${(ms / 1000).toFixed(1)}s`;
    });
    const table = [header, ...rows, ['total', ...totals]];
    const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
    const lines = table.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
    return [...lines, ...[...this.missing].map(([builder, why]) => `${builder}: ${why}`)].join('\n');
  }
}
