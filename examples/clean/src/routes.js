// Request handlers of the demo service; no dependencies on purpose, so the
// image builds without a package registry.
export function route(method, url) {
  if (method === 'GET' && url === '/healthz') return { status: 200, body: { ok: true } };
  if (method === 'GET' && url === '/orders/count') return { status: 200, body: { count: 42 } };
  return { status: 404, body: { error: 'not found' } };
}
