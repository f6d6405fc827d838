import { existsSync, unlinkSync } from "node:fs";
import { createServer, request } from "node:http";
import path from "node:path";

/**
 * The running embedded-database server's local door for operator commands. PGlite is one process:
 * a second process must not open a data directory that the server has open, so `regulars backup`
 * asks the server for the snapshot instead, and `regulars restore` learns that a server runs. It
 * is a Unix socket in DATA_DIR, owner-only (mode 0600), not a network port: whoever can reach it
 * can already read the data directory.
 */
export const adminSocketPath = (dataDir: string) => path.join(dataDir, "admin.sock");

/** Another server has this data directory open: starting a second one would corrupt it. */
export class DataDirInUseError extends Error {}

/**
 * Listens on DATA_DIR/admin.sock. A DataDirInUseError when another server answers there; any other
 * failure (e.g. a path longer than a socket path may be) leaves the server without the door, and
 * the caller says so.
 */
export async function startAdminSocket(dataDir: string, handlers: { snapshot(): Promise<Buffer> }): Promise<{ close(): Promise<void> }> {
  const socket = adminSocketPath(dataDir);
  // A socket file left by a process that was killed: nothing answers on it (checked first).
  if (existsSync(socket)) {
    if (await adminSocketAnswers(dataDir)) throw new DataDirInUseError(`Another Regulars server already runs on ${dataDir}.`);
    unlinkSync(socket);
  }
  const server = createServer((req, res) => {
    if (req.method === "POST" && req.url === "/snapshot") {
      handlers.snapshot().then(
        (body) => res.writeHead(200, { "content-type": "application/gzip", "content-length": body.length }).end(body),
        (err: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(err instanceof Error ? err.message : String(err)),
      );
      return;
    }
    res.writeHead(req.url === "/ping" ? 200 : 404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ path: socket, readableAll: false, writableAll: false }, resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function call(dataDir: string, method: string, url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: adminSocketPath(dataDir), method, path: url }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Whether a server runs on this data directory (its socket answers). */
export async function adminSocketAnswers(dataDir: string): Promise<boolean> {
  if (!existsSync(adminSocketPath(dataDir))) return false;
  try {
    return (await call(dataDir, "GET", "/ping")).status === 200;
  } catch {
    return false;
  }
}

/** A snapshot from the running server. */
export async function requestSnapshot(dataDir: string): Promise<Buffer> {
  const res = await call(dataDir, "POST", "/snapshot");
  if (res.status !== 200) throw new Error(`The running server could not take a snapshot: ${res.body.toString("utf8")}`);
  return res.body;
}
