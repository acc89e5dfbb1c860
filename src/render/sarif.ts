import type { Log, ReportingDescriptor, Result } from 'sarif';
import { buildCheckUrl } from '../analysis/build-checks.js';
import { RULES } from '../analysis/rules/index.js';
import type { Finding, Report } from '../model/report.js';
import { toolVersion } from '../core/version.js';

// report.sarif: SARIF 2.1.0 for code-scanning uploads, one result per
// finding at its Dockerfile region. buildlens's rules are always listed;
// BuildKit's own checks (BK/<RuleName>) are listed as they occur, with the
// documentation URL BuildKit gave.

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

// The package's registry page until the project has a public home page to name instead.
const INFORMATION_URI = 'https://www.npmjs.com/package/buildlens';

/** Options of the SARIF report. */
export interface SarifOptions {
  /** The Dockerfile path relative to the repository root (what code scanning matches against). */
  dockerfileUri?: string;
  informationUri?: string;
}

/** The report's findings as a SARIF 2.1.0 log; `dockerfileUri` is the Dockerfile path relative to the repository. */
export function renderSarif(report: Report, opts: SarifOptions = {}): string {
  const uri = (opts.dockerfileUri ?? report.build.dockerfile).replace(/^\.\//, '');
  const ownRules: ReportingDescriptor[] = RULES.map((rule) => ({
    id: rule.id,
    name: rule.title.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.explanation },
    help: { text: `${rule.explanation}\n\n${rule.fix}`, markdown: `${rule.explanation}\n\n\`\`\`dockerfile\n${rule.fix}\n\`\`\`` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ['docker', 'dockerfile'] },
  }));
  const rules = [...ownRules, ...buildCheckRules(report.findings)];
  const results: Result[] = report.findings.map((f) => {
    const ruleIndex = rules.findIndex((r) => r.id === f.rule);
    const result: Result = {
      ruleId: f.rule,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: f.line, endLine: f.endLine } } }],
      partialFingerprints: { buildlensRuleLine: `${f.rule}:${f.line}` },
    };
    if (ruleIndex >= 0) result.ruleIndex = ruleIndex;
    if (f.relatedLines?.length) {
      result.relatedLocations = f.relatedLines.map((line, id) => ({
        id,
        physicalLocation: { artifactLocation: { uri }, region: { startLine: line } },
      }));
    }
    const props: Record<string, unknown> = {};
    if (f.savingsBytes !== undefined) props.savingsBytes = f.savingsBytes;
    if (f.savingsMs !== undefined) props.savingsMs = f.savingsMs;
    if (Object.keys(props).length) result.properties = props;
    return result;
  });
  const log: Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'buildlens', version: toolVersion(), informationUri: opts.informationUri ?? INFORMATION_URI, rules } },
        artifacts: [{ location: { uri } }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

// One descriptor per BuildKit check the findings name: its name, what BuildKit
// says of it, and its documentation page.
function buildCheckRules(findings: readonly Finding[]): ReportingDescriptor[] {
  const seen = new Map<string, ReportingDescriptor>();
  for (const f of findings) {
    if (!f.rule.startsWith('BK/') || seen.has(f.rule)) continue;
    const evidence = f.evidence as { detail?: unknown };
    const url = buildCheckUrl(f);
    const detail = Array.isArray(evidence.detail) ? evidence.detail.filter((d): d is string => typeof d === 'string').join(' ') : '';
    const rule: ReportingDescriptor = {
      id: f.rule,
      name: f.rule.slice(3),
      shortDescription: { text: `BuildKit build check ${f.rule.slice(3)}` },
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['docker', 'dockerfile', 'buildkit-check'] },
    };
    if (detail) rule.fullDescription = { text: detail };
    if (url) rule.helpUri = url;
    seen.set(f.rule, rule);
  }
  return [...seen.values()];
}
