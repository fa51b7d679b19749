// The http benchmark's server in Node.js: node:http, "Hello, World!" at every path and a
// JSON echo at POST /json (JSON.parse the body, JSON.stringify it back).
import http from 'node:http';

const [host, port] = process.argv[2].split(':');
const server = http.createServer((req, res) => {
  if (req.url === '/json' && req.method === 'POST') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let v;
      try {
        v = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`${e.message}\n`);
        return;
      }
      const out = `${JSON.stringify(v)}\n`;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(out) });
      res.end(out);
    });
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 13 });
  res.end('Hello, World!');
});
server.keepAliveTimeout = 120_000;
server.listen(Number(port), host, () => {
  const a = server.address();
  process.stderr.write(`listening on ${a.address}:${a.port}\n`);
});
