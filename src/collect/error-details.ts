import { z } from 'zod';
import type { BuildError } from '../buildkit/types.js';

// A failed build keeps no provenance, but its error carries BuildKit's
// errdefs details: the Dockerfile with the failing range, and the vertex.

const sourceDetail = z.object({
  info: z.object({ filename: z.string().optional(), data: z.string().optional() }).passthrough(),
  ranges: z
    .array(
      z.object({ start: z.object({ line: z.number().optional() }).optional(), end: z.object({ line: z.number().optional() }).optional() }),
    )
    .optional(),
});
const vertexDetail = z.object({ digest: z.string() });
const exitDetail = z.object({ Code: z.number() });

/** What a build error's details tell. */
export interface ErrorFacts {
  dockerfile?: { filename: string; text: string };
  line?: number;
  endLine?: number;
  vertex?: string;
  exitCode?: number;
}

/** Extracts the Dockerfile, failing range, vertex and exit code from error details. */
export function parseErrorDetails(error: BuildError): ErrorFacts {
  const facts: ErrorFacts = {};
  for (const detail of error.details) {
    if (detail.type.endsWith('errdefs.Source+json')) {
      const parsed = sourceDetail.safeParse(detail.json);
      if (!parsed.success) continue;
      const { info, ranges } = parsed.data;
      if (info.data !== undefined && !facts.dockerfile) {
        facts.dockerfile = { filename: info.filename ?? 'Dockerfile', text: Buffer.from(info.data, 'base64').toString('utf8') };
      }
      const lines = (ranges ?? []).flatMap((r) => [r.start?.line, r.end?.line]).filter((n): n is number => typeof n === 'number' && n > 0);
      if (lines.length > 0 && facts.line === undefined) {
        facts.line = Math.min(...lines);
        facts.endLine = Math.max(...lines);
      }
    } else if (detail.type.endsWith('errdefs.Vertex+json')) {
      const parsed = vertexDetail.safeParse(detail.json);
      if (parsed.success && !facts.vertex) facts.vertex = parsed.data.digest;
    } else if (detail.type.endsWith('ExitMessage+json')) {
      const parsed = exitDetail.safeParse(detail.json);
      if (parsed.success) facts.exitCode = parsed.data.Code;
    }
  }
  return facts;
}
