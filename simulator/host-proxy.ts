// An HTTP CONNECT proxy (RFC 9110 section 9.3.6) that takes the real hosts some clients call on
// their own to the simulator, and refuses every other host. MSAL Python (the Azure CLI, the
// Python SDK) asks login.microsoftonline.com for instance discovery of any authority it does not
// know, whatever cloud the client is pointed at (msal/authority.py, 1.21); with HTTPS_PROXY set to
// this proxy that request reaches the simulator, which serves the same path. Nothing leaves the
// machine: a host not listed answers 403.
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

export const PROXIED_HOSTS = ['login.microsoftonline.com'];

export interface HostProxy {
  url: string;
  /** CONNECT targets asked for, in order (host:port), refused ones included */
  requests: string[];
  close(): Promise<void>;
}

function refuse(socket: Socket, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

/** Starts the proxy on a free loopback port; tunnels for PROXIED_HOSTS:443 end at 127.0.0.1:`simPort`. */
export async function startHostProxy(simPort: number): Promise<HostProxy> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    // Plain-HTTP proxying is not offered: every proxied host is HTTPS.
    res.writeHead(405, { 'content-type': 'text/plain' }).end('only CONNECT is supported\n');
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = String(req.url ?? '');
    requests.push(target);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const [host, port] = target.split(':');
    if (!PROXIED_HOSTS.includes(host.toLowerCase()) || port !== '443') return refuse(client, '403 Forbidden');
    const upstream = connect(simPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
