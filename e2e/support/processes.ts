import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execa } from 'execa';

// What a CLI run may leave behind: child processes (buildx, bridges) and
// temp files. Signal and failure tests assert both are gone.

// One row of `ps -eo pid,ppid,args`.
export interface ProcessRow {
  pid: number;
  ppid: number;
  args: string;
}

// Processes whose command line matches the pattern (a string matches as a
// substring), excluding the ps run that looked.
export async function listProcesses(pattern: RegExp | string): Promise<ProcessRow[]> {
  const ps = execa('ps', ['-eo', 'pid=,ppid=,args='], { stdin: 'ignore' });
  const psPid = ps.pid;
  const { stdout } = await ps;
  const rows: ProcessRow[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!match?.[3]) continue;
    const row = { pid: Number(match[1]), ppid: Number(match[2]), args: match[3] };
    if (row.pid === psPid) continue;
    if (typeof pattern === 'string' ? row.args.includes(pattern) : pattern.test(row.args)) rows.push(row);
  }
  return rows;
}

// Every process below pid (children, grandchildren, ...), e.g. the buildx a
// running CLI started.
export async function descendantsOf(pid: number): Promise<ProcessRow[]> {
  const all = await listProcesses(/.*/);
  const found: ProcessRow[] = [];
  let parents = new Set([pid]);
  while (parents.size > 0) {
    const children = all.filter((row) => parents.has(row.ppid));
    found.push(...children);
    parents = new Set(children.map((row) => row.pid));
  }
  return found;
}

// Names in os.tmpdir() starting with prefix (compare before and after a run).
export function tmpEntriesMatching(prefix: string): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith(prefix)).sort();
}

// Polls check until it returns true or timeoutMs passes; returns the last
// answer, so `expect(await eventually(...)).toBe(true)` reports a timeout.
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
