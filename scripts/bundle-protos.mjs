// Precompiles the vendored protos into one JSON descriptor (dist/buildkit/
// protos.json): parsing the .proto text at every start-up costs ~180 ms, and a
// wrapper's start-up is on every build's critical path.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

const root = new URL('..', import.meta.url).pathname;
const files = [
  'github.com/moby/buildkit/api/services/control/control.proto',
  'github.com/containerd/containerd/api/services/content/v1/content.proto',
];
const parsed = new protobuf.Root();
parsed.resolvePath = (_origin, target) => {
  // protobufjs ships the well-known types, descriptor.proto among them.
  if (target.startsWith('google/protobuf/')) return join(root, 'node_modules', 'protobufjs', target);
  return join(root, 'proto', target);
};
await parsed.load(files, { keepCase: false });
const json = parsed.toJSON({ keepComments: false });
// gogo.proto's options drag in all of descriptor.proto; at run time only the
// message types the services use are needed, so the rest is dropped.
const KEEP_WELL_KNOWN = new Set(['Any', 'Timestamp', 'Empty', 'FieldMask']);
const google = json.nested?.google?.nested?.protobuf?.nested;
if (google) for (const name of Object.keys(google)) if (!KEEP_WELL_KNOWN.has(name)) delete google[name];
delete json.nested?.gogoproto;
const out = join(root, 'dist', 'buildkit', 'protos.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(json, (key, value) => (key === 'options' ? undefined : value)));
process.stdout.write(`bundled protos into ${out}\n`);
