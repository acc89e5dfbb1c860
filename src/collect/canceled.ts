// A step BuildKit canceled did not fail: when one step fails, BuildKit
// cancels the steps running beside it (and Ctrl-C cancels every one), and
// their vertices end with an error that names the cancellation, wrapped in
// whatever the step was doing: `process "/bin/sh -c sleep 5" did not complete
// successfully: context canceled`. buildx's own progress calls a vertex
// CANCELED, not ERROR, when its error ends so (progressui: strings.HasSuffix
// on context.Canceled's message); buildlens follows the same rule.

/** Whether a vertex's error says it was canceled rather than failed. */
export function isCanceledError(message: string): boolean {
  const text = message.trim();
  return /context canceled$/i.test(text) || /^canceled$/i.test(text);
}
