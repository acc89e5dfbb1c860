import type { Report } from '../model/report.js';
import { bytes, oneLine } from '../core/format.js';
import { redactInstruction } from '../dockerfile/redact-instruction.js';
import { fit, type Style } from './terminal-style.js';

// The terminal summary's image parts: the header of an image read directly
// (no build, no cache), dive's numbers, and the layers with the line or the
// history entry that made them.

/** The header of a report on an image read directly. */
export function imageHeader(report: Report, width: number, s: Style): string[] {
  const img = report.image;
  const name = report.source?.name ?? report.build.ref;
  const layers = img ? `${img.layers.length} layers` : 'no layers';
  const lines = report.build.dockerfile === 'image history' ? 'lines are the image history' : `lines of ${report.build.dockerfile}`;
  return [
    `${s.bold('buildlens')} image ${fit(`${name} · ${report.build.platforms.join(',')} · ${layers} · ${lines}`, Math.max(10, width - 16))}`,
  ];
}

/** The image section: sizes, waste and efficiency, dive's numbers, the largest layers. */
export function imageSection(report: Report, width: number, largest = 5): string[] {
  const img = report.image;
  if (!img) return [];
  const title = img.partial ? 'image (partial: nothing exported)' : 'image';
  const out = [
    fit(
      `  ${title}: ${bytes(img.size)} compressed, ${bytes(img.uncompressedSize)} uncompressed · wasted ${bytes(img.wastedBytes)} · ` +
        `efficiency ${(img.efficiency * 100).toFixed(1)}%`,
      width,
    ),
  ];
  if (img.baseWastedBytes !== undefined && img.userWastedBytes !== undefined && img.wastedBytes > 0)
    out.push(fit(`         wasted by the base image ${bytes(img.baseWastedBytes)}, by the rest ${bytes(img.userWastedBytes)}`, width));
  const dive = img.dive;
  if (dive) {
    const missed = dive.missedBytes > 0 ? ` · ${bytes(dive.missedBytes)} hidden by directory removals dive does not count` : '';
    out.push(
      fit(
        `  dive: efficiency ${dive.efficiency} · ${dive.sizeBytes} bytes · wasted ${dive.wastedBytes} bytes ` +
          `(${(dive.wastedUserPercent * 100).toFixed(1)}% of user bytes)${missed}`,
        width,
      ),
    );
  }
  if (img.platforms)
    out.push(
      fit(
        `  per platform (compressed): ${img.platforms.map((p) => `${p.platform} ${bytes(p.size)} in ${p.layers} layer(s)`).join(' · ')}`,
        width,
      ),
    );
  if (img.layers.length > 0)
    out.push(fit(`  largest layers${img.platform && img.platforms ? ` of ${img.platform}` : ''} (uncompressed, as on disk):`, width));
  for (const layer of [...img.layers].sort((a, b) => b.uncompressedSize - a.uncompressedSize).slice(0, largest)) {
    const step =
      report.steps.find((st) => st.id === layer.step) ?? (layer.base ? undefined : report.steps.find((st) => st.line === layer.line));
    const made = step ? step.instruction : layer.createdBy;
    const label = `${layer.base ? 'base image' : ''}${layer.base && made ? ': ' : ''}${made ? oneLine(redactInstruction(made), width) : layer.base ? '' : layer.digest.slice(0, 19)}`;
    out.push(
      fit(`    ${bytes(layer.uncompressedSize).padStart(9)}  ${(layer.line ? `line ${layer.line}` : '').padEnd(9)} ${label}`, width),
    );
  }
  return out;
}
