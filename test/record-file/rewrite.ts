import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { extract, pack } from 'tar-stream';

// Variants of a recorded export for the bad-input tests: the real file's
// entries, one changed, with every digest that names it recomputed (so only
// the change itself is wrong), written as a new gzip'd tar.

/** The entries of a recorded export, in order. */
export async function entriesOf(path: string): Promise<Array<{ name: string; data: Buffer }>> {
  const entries: Array<{ name: string; data: Buffer }> = [];
  const tar = extract();
  Readable.from([gunzipSync(readFileSync(path))]).pipe(tar);
  for await (const entry of tar) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (entry.header.type === 'file') entries.push({ name: entry.header.name, data: Buffer.concat(chunks) });
  }
  return entries;
}

/** Writes entries as a gzip'd tar. */
export async function writeArchive(path: string, entries: Array<{ name: string; data: Buffer }>): Promise<void> {
  const tar = pack();
  for (const entry of entries) tar.entry({ name: entry.name, size: entry.data.length }, entry.data);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  writeFileSync(path, gzipSync(Buffer.concat(chunks)));
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** Rewrites the one record of a single-record export: its JSON, or the config media type of its manifest. */
export async function rewriteRecord(from: string, to: string, change: { record?: (json: Record<string, unknown>) => void; configMediaType?: string }): Promise<void> {
  const entries = await entriesOf(from);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const blob = (digest: string) => byName.get(`blobs/sha256/${digest.slice('sha256:'.length)}`) ?? (() => { throw new Error(`no ${digest}`); })();
  const index = JSON.parse(byName.get('index.json')?.data.toString('utf8') ?? '{}') as { manifests: Array<{ digest: string; size: number }> };
  const manifestDescriptor = index.manifests[0];
  if (!manifestDescriptor) throw new Error('no manifest');
  const manifestEntry = blob(manifestDescriptor.digest);
  const manifest = JSON.parse(manifestEntry.data.toString('utf8')) as { config: { digest: string; size: number; mediaType: string } };
  const configEntry = blob(manifest.config.digest);
  const record = JSON.parse(configEntry.data.toString('utf8')) as Record<string, unknown>;
  change.record?.(record);
  const configData = Buffer.from(JSON.stringify(record, null, 2));
  manifest.config = { ...manifest.config, digest: sha256(configData), size: configData.length, ...(change.configMediaType ? { mediaType: change.configMediaType } : {}) };
  const manifestData = Buffer.from(JSON.stringify(manifest, null, 2));
  index.manifests[0] = { ...manifestDescriptor, digest: sha256(manifestData), size: manifestData.length };
  const replaced = new Map([
    [configEntry.name, { name: `blobs/sha256/${manifest.config.digest.slice(7)}`, data: configData }],
    [manifestEntry.name, { name: `blobs/sha256/${index.manifests[0].digest.slice(7)}`, data: manifestData }],
    ['index.json', { name: 'index.json', data: Buffer.from(JSON.stringify(index)) }],
  ]);
  await writeArchive(to, entries.map((e) => replaced.get(e.name) ?? e));
}
