import type { Report } from '../model/report.js';
import { bytes, duration } from '../core/format.js';
import type { Budgets } from '../config/budgets.js';

// CI gates checked after a successful build: each broken budget is one line
// saying which and by how much.

/** The budgets a build must stay within (config/budgets.ts), and the earlier report growth is measured against. */
export interface GateOptions extends Budgets {
  baseline?: Report;
}

/** Lines describing each broken budget; empty when all hold. */
export function checkGates(report: Report, gates: GateOptions): string[] {
  const broken: string[] = [];
  const image = report.image;
  if (gates.maxImageSize !== undefined && image && image.size > gates.maxImageSize) {
    broken.push(
      `image size ${bytes(image.size)} compressed exceeds --max-image-size ${bytes(gates.maxImageSize)} by ` +
        `${bytes(image.size - gates.maxImageSize)}`,
    );
  }
  if (gates.maxWasted !== undefined && image && image.wastedBytes > gates.maxWasted) {
    broken.push(
      `wasted bytes ${bytes(image.wastedBytes)} (uncompressed) exceed --max-wasted ${bytes(gates.maxWasted)} by ` +
        `${bytes(image.wastedBytes - gates.maxWasted)}`,
    );
  }
  broken.push(...diveGates(report, gates));
  if (gates.minCacheRatio !== undefined && report.cache.ratio < gates.minCacheRatio) {
    broken.push(
      `cache ratio ${(report.cache.ratio * 100).toFixed(0)}% is below --min-cache-ratio ${(gates.minCacheRatio * 100).toFixed(0)}%`,
    );
  }
  if (gates.maxDuration !== undefined && report.build.durationMs > gates.maxDuration) {
    broken.push(
      `build time ${duration(report.build.durationMs)} exceeds --max-duration ${duration(gates.maxDuration)} by ` +
        `${duration(report.build.durationMs - gates.maxDuration)}`,
    );
  }
  if (gates.failOn) {
    const levels = gates.failOn === 'error' ? ['error'] : ['error', 'warning'];
    const hits = report.findings.filter((f) => levels.includes(f.severity));
    if (hits.length > 0)
      broken.push(
        `${hits.length} finding(s) at or above ${gates.failOn} (--fail-on ${gates.failOn}): ${hits
          .slice(0, 3)
          .map((f) => `${f.rule} line ${f.line}`)
          .join(', ')}`,
      );
  }
  if (gates.baseline && gates.maxGrowth !== undefined && image && gates.baseline.image) {
    const before = gates.baseline.image.size;
    const growth = before === 0 ? 0 : ((image.size - before) / before) * 100;
    if (growth > gates.maxGrowth) {
      broken.push(
        `image grew ${growth.toFixed(1)}% against the baseline (${bytes(before)} → ${bytes(image.size)} compressed), over --max-growth ` +
          `${gates.maxGrowth}%`,
      );
    }
  }
  return broken;
}

// dive's CI rules, as dive evaluates them (a threshold crossed strictly fails), on its numbers.
function diveGates(report: Report, gates: GateOptions): string[] {
  const image = report.image;
  const dive = image?.dive;
  const broken: string[] = [];
  const unknown = (flag: string): string => `${flag}: the image's layer contents were not analysed, so dive's numbers are unknown`;
  if (gates.minEfficiency !== undefined) {
    if (!image || !dive) broken.push(unknown('--min-efficiency'));
    else if (image.efficiency < gates.minEfficiency)
      broken.push(`image efficiency ${image.efficiency.toFixed(4)} is below --min-efficiency ${gates.minEfficiency}`);
  }
  if (gates.maxDiveWasted !== undefined) {
    if (!dive) broken.push(unknown('--max-dive-wasted'));
    else if (dive.wastedBytes > gates.maxDiveWasted)
      broken.push(
        `dive's wasted bytes ${bytes(dive.wastedBytes)} exceed --max-dive-wasted ${bytes(gates.maxDiveWasted)} by ` +
          `${bytes(dive.wastedBytes - gates.maxDiveWasted)}`,
      );
  }
  if (gates.maxWastedPercent !== undefined) {
    if (!dive) broken.push(unknown('--max-wasted-percent'));
    else if (dive.wastedUserPercent > gates.maxWastedPercent)
      broken.push(
        `wasted bytes are ${(dive.wastedUserPercent * 100).toFixed(1)}% of the bytes above the first layer, over --max-wasted-percent ` +
          `${(gates.maxWastedPercent * 100).toFixed(1)}%`,
      );
  }
  return broken;
}
