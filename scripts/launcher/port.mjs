// Whether the app can listen on its port, checked before anything starts so that a taken port is
// a clear message at once rather than an error after the database and the build.
import net from "node:net";
import { portOwner } from "./processes.mjs";

/** Why the app could not listen on `port` (at HOST, or every interface), or null when it can. */
export function portProblem(port, host) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (error) => resolve(listenErrorMessage(port, error)));
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}

export function listenErrorMessage(port, error) {
  if (error.code !== "EADDRINUSE") return `could not listen on port ${port}: ${error.message}`;
  const owner = portOwner(port);
  const by = owner ? ` by process ${owner.pid}${owner.command ? ` (${owner.command})` : ""}` : "";
  return `port ${port} is already in use${by}. Stop that, or choose another PORT.`;
}
