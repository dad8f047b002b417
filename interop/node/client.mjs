// An independent client of the reference server: connect-es (@connectrpc/connect-node) with the
// service loaded from the descriptor set at run time, no generated code. It speaks one protocol
// (connect, connect-proto, grpc or grpc-web) to one base URL.
//
// Usage: node client.mjs <protocol> <baseUrl> <descriptor-set>
// Reads one call per line on stdin: {"method": "StartTOTPRegistration", "authorization": "Bearer …",
// "request": {…protojson…}}, and prints one line per call: {"code": 0, "response": {…}} or
// {"code": 16, "message": "…", "details": [{"type": "zitadel.v1.ErrorDetail", "id": "…", "message": "…"}]}.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { createRegistry, createFileRegistry, fromBinary, fromJson, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { createClient, ConnectError } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";

const [protocol, baseUrl, descriptorSet] = process.argv.slice(2);
if (!protocol || !baseUrl || !descriptorSet) {
  console.error("usage: node client.mjs <connect|connect-proto|grpc|grpc-web> <baseUrl> <descriptor-set>");
  process.exit(2);
}

const files = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(descriptorSet)));
const service = files.getService("zitadel.resources.user.v3alpha.ZITADELUsers");
const registry = createRegistry(files);

const transports = {
  connect: () => createConnectTransport({ baseUrl, httpVersion: "1.1" }),
  "connect-proto": () => createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: true }),
  grpc: () => createGrpcTransport({ baseUrl, httpVersion: "2" }),
  "grpc-web": () => createGrpcWebTransport({ baseUrl, httpVersion: "1.1" }),
};
if (!transports[protocol]) {
  console.error(`unknown protocol ${protocol}`);
  process.exit(2);
}
const client = createClient(service, transports[protocol]());

async function call(line) {
  const { method, authorization, request } = JSON.parse(line);
  const desc = service.methods.find((m) => m.name === method);
  if (!desc) {
    return { error: `no method ${method} in the descriptor set` };
  }
  const headers = authorization ? { authorization } : {};
  try {
    const response = await client[desc.localName](fromJson(desc.input, request, { registry }), { headers });
    return { code: 0, response: toJson(desc.output, response, { registry }) };
  } catch (e) {
    const err = ConnectError.from(e);
    const details = err.findDetails(registry).map((d) => ({ type: d.$typeName, id: d.id, message: d.message }));
    return { code: err.code, message: err.rawMessage, details };
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === "") continue;
  process.stdout.write(JSON.stringify(await call(line)) + "\n");
}
