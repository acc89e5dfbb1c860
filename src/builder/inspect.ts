// Parses `docker buildx inspect` text output (buildx 0.10+): the builder's
// name and driver, and each node's name, endpoint, status and error.
// Format source: docker/buildx commands/inspect.go.

/** One node of a builder as buildx describes it. */
export interface InspectedNode {
  name: string;
  endpoint: string;
  status?: string;
  buildkitVersion?: string;
  platforms: string[];
  error?: string;
}

/** A builder as buildx describes it. */
export interface InspectedBuilder {
  name: string;
  driver: string;
  nodes: InspectedNode[];
  error?: string;
}

/** Parses the text of `docker buildx inspect`; tolerant of unknown lines. */
export function parseBuildxInspect(text: string): InspectedBuilder {
  const builder: InspectedBuilder = { name: '', driver: '', nodes: [] };
  let node: InspectedNode | undefined;
  let inNodes = false;
  for (const raw of text.split('\n')) {
    if (raw.startsWith(' ') || raw.startsWith('\t')) continue; // label / driver-option continuation lines
    const line = raw.trimEnd();
    if (line === 'Nodes:') {
      inNodes = true;
      continue;
    }
    const match = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line);
    if (!match) continue;
    const key = match[1] ?? '';
    const value = match[2] ?? '';
    if (!inNodes) {
      if (key === 'Name') builder.name = value;
      else if (key === 'Driver') builder.driver = value;
      else if (key === 'Error') builder.error = value;
      continue;
    }
    if (key === 'Name') {
      node = { name: value, endpoint: '', platforms: [] };
      builder.nodes.push(node);
    } else if (node) {
      if (key === 'Endpoint') node.endpoint = value;
      else if (key === 'Status') node.status = value;
      else if (key === 'BuildKit version' || key === 'BuildKit') node.buildkitVersion = value;
      else if (key === 'Platforms')
        node.platforms = value
          ? value
              .split(',')
              .map((p) => p.trim())
              .filter(Boolean)
          : [];
      else if (key === 'Error') node.error = value;
    }
  }
  return builder;
}
