// The hand-written SSE fan-out that the benchmark compares against: a Set of responses, and per event
// one JSON.stringify and one res.write per client. No framework, no auth, no event log.
import http from 'node:http';

const clients = new Set();
let lastId = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/events') {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    });
    res.write('event: connected\ndata: {}\n\n');
    clients.add(res);
    res.on('close', () => clients.delete(res));
    return;
  }
  if (req.method === 'POST' && req.url === '/publish') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const event = JSON.parse(body);
      lastId += 1;
      for (const client of clients) client.write(`data: ${JSON.stringify(event)}\nid: ${lastId}\n\n`);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: lastId }));
    });
    return;
  }
  res.writeHead(404).end();
});
server.requestTimeout = 0;
process.on('SIGTERM', () => process.exit(0));
server.listen(Number(process.env.PORT ?? 3100), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`baseline SSE server listening on ${process.env.PORT}`);
});
