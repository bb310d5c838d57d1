import net from "node:net";

// A TCP relay in front of a real PostgreSQL, for network faults the server cannot be asked to
// stage: `freeze()` keeps every connection open but delivers nothing either way (as with a
// frozen server or a dead network path, the client's bytes go unanswered), `thaw()` delivers
// what was held back, in order. Connections stay observable while frozen: a client that gives
// up on one must close it, not hand it to the next caller, and the relay sees it close.

export type Relay = {
  url: string;
  freeze(): void;
  thaw(): void;
  /** Client connections currently open through the relay. */
  openConnections(): number;
  close(): Promise<void>;
};

type Pair = { client: net.Socket; server: net.Socket; held: [net.Socket, Buffer][] };

export async function startRelay(targetUrl: string): Promise<Relay> {
  const target = new URL(targetUrl);
  let frozen = false;
  const pairs = new Set<Pair>();
  const relay = net.createServer((client) => {
    const server = net.connect(Number(target.port || 5432), target.hostname);
    const pair: Pair = { client, server, held: [] };
    pairs.add(pair);
    const forward = (to: net.Socket) => (data: Buffer) => {
      if (frozen) pair.held.push([to, data]);
      else to.write(data);
    };
    client.on("data", forward(server));
    server.on("data", forward(client));
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    for (const socket of [client, server]) socket.on("end", end).on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String((relay.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const pair of pairs) {
        for (const [to, data] of pair.held.splice(0)) to.write(data);
      }
    },
    openConnections: () => pairs.size,
    async close() {
      for (const { client, server } of pairs) {
        client.destroy();
        server.destroy();
      }
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}
