// The browser app of BrowserCorsTest: calls the reference server at ?api=<base URL>, another
// origin than this page's, with connect-es's Connect and gRPC-Web transports and with fetch (REST),
// and hands every answer and error back as plain JSON through window.totp.
import { createRegistry, createFileRegistry, fromBinary, fromJson, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { createClient, ConnectError } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-web";

const api = new URLSearchParams(location.search).get("api");
const set = new Uint8Array(await (await fetch("/totp-contract.protoset")).arrayBuffer());
const files = createFileRegistry(fromBinary(FileDescriptorSetSchema, set));
const service = files.getService("zitadel.resources.user.v3alpha.ZITADELUsers");
const registry = createRegistry(files);

const clients = {
  connect: createClient(service, createConnectTransport({ baseUrl: api })),
  "connect-proto": createClient(service, createConnectTransport({ baseUrl: api, useBinaryFormat: true })),
  "grpc-web": createClient(service, createGrpcWebTransport({ baseUrl: api })),
};

// One RPC: {code: 0, response} or {code, message, details, retryAfter}, as interop/node/client.mjs.
async function rpc(protocol, method, authorization, request) {
  const desc = service.methods.find((m) => m.name === method);
  const headers = authorization ? { authorization } : {};
  try {
    const response = await clients[protocol][desc.localName](fromJson(desc.input, request, { registry }), { headers });
    return { code: 0, response: toJson(desc.output, response, { registry }) };
  } catch (e) {
    const err = ConnectError.from(e);
    const details = err.findDetails(registry).map((d) => ({ type: d.$typeName, id: d.id, message: d.message }));
    return { code: err.code, message: err.rawMessage, details, retryAfter: err.metadata.get("retry-after") };
  }
}

// One REST call: what a script may read of the answer (CORS decides which headers).
async function rest(method, path, authorization, body) {
  const headers = {};
  if (authorization) headers.authorization = authorization;
  if (body !== null) headers["content-type"] = "application/json";
  const answer = await fetch(api + path, { method, headers, body: body === null ? undefined : body });
  return {
    status: answer.status,
    body: await answer.text(),
    contentType: answer.headers.get("content-type"),
    retryAfter: answer.headers.get("retry-after"),
    wwwAuthenticate: answer.headers.get("www-authenticate"),
  };
}

window.totp = { rpc, rest };
document.getElementById("state").textContent = "ready";
