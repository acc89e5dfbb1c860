import { createServer } from 'node:http';
import { route } from './routes.js';

const port = Number(process.env.PORT ?? 3000);

createServer((req, res) => {
  const { status, body } = route(req.method, req.url);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}).listen(port, () => console.log(`listening on ${port}`));
