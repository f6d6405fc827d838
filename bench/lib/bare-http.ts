/** B_http: a bare node:http server answering a fixed JSON body; the framework-free ceiling. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const body = JSON.stringify({ data: [{ programId: "prg_x", available: 1234, pending: 0, debt: 0, tier: null }] });
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on("message", (m) => {
  if (m === "close") server.close(() => process.exit(0));
});
