// A light scan of Dockerfile text for what model assembly needs before any
// rule runs: stage boundaries and, per stage, the instructions that become
// build steps, with their line ranges. Used to attribute FROM lines shared by
// several stages and to map vertices to lines when no provenance exists
// (failed builds): BuildKit names such vertices "[stage k/n] ...", counting
// only instructions that produce LLB operations.

const STEP_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

/** One instruction of a scanned Dockerfile. */
export interface ScannedInstruction {
  keyword: string;
  line: number;
  endLine: number;
  text: string;
}

/** One stage of a scanned Dockerfile. */
export interface ScannedStage {
  index: number;
  /** The stage's `AS` name, or BuildKit's default "stage-N". */
  name: string;
  fromLine: number;
  /** Instructions that produce build steps, FROM first: index k-1 is "[stage k/n]". */
  steps: ScannedInstruction[];
}

/** Splits Dockerfile text into stages and step-producing instructions. */
export function scanStages(text: string): ScannedStage[] {
  const lines = text.split(/\r?\n/);
  const stages: ScannedStage[] = [];
  let escape = '\\';
  let i = 0;
  let sawInstruction = false;
  while (i < lines.length) {
    const raw = lines[i] ?? '';
    const trimmed = raw.trim();
    if (!sawInstruction) {
      const directive = /^#\s*escape\s*=\s*(\S)/i.exec(trimmed);
      if (directive?.[1]) escape = directive[1];
    }
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    sawInstruction = true;
    const start = i;
    let body = raw;
    const heredocs = [...raw.matchAll(/<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/g)].map((m) => m[1] ?? '');
    while (body.trimEnd().endsWith(escape) && i + 1 < lines.length) {
      i++;
      const next = lines[i] ?? '';
      if (next.trim().startsWith('#')) continue;
      body = body.trimEnd().slice(0, -1) + ' ' + next;
      for (const m of next.matchAll(/<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/g)) heredocs.push(m[1] ?? '');
    }
    for (const word of heredocs) {
      while (i + 1 < lines.length && (lines[i + 1] ?? '').trim() !== word) i++;
      if (i + 1 < lines.length) i++;
    }
    const keyword = (/^\s*(\S+)/.exec(body)?.[1] ?? '').toUpperCase();
    const instruction: ScannedInstruction = { keyword, line: start + 1, endLine: i + 1, text: lines.slice(start, i + 1).join('\n') };
    if (keyword === 'FROM') {
      const alias = /\sAS\s+(\S+)\s*$/i.exec(body)?.[1];
      const index = stages.length;
      stages.push({ index, name: alias ? alias.toLowerCase() : `stage-${index}`, fromLine: start + 1, steps: [instruction] });
    } else if (STEP_KEYWORDS.has(keyword)) {
      stages[stages.length - 1]?.steps.push(instruction);
    }
    i++;
  }
  return stages;
}
