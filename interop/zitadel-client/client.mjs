// The official ZITADEL TypeScript client (@zitadel/client) as an application uses it: the
// generated user-service clients of @zitadel/client/v2 and @zitadel/client/v3alpha over the
// transports the package makes (gRPC from @zitadel/client/node, gRPC-Web from
// @zitadel/client/web), or over connect-es's Connect transport (JSON or binary) with the package's
// bearer interceptor, since @zitadel/client makes no Connect transport of its own.
//
// Usage: node client.mjs <grpc|grpc-web|connect|connect-proto> <baseUrl>
// Reads one call per line on stdin:
//   {"dialect": "v2"|"v3alpha", "method": "RegisterTOTP", "token": "…", "authorization": "…",
//    "request": {…protojson…}}
// "token" is the access token the transport is made with (absent: a transport with no
// Authorization at all); "authorization" replaces the header for that call. Prints one line per
// call: {"code": 0, "response": {…protojson…}} or {"code": 5, "message": "…", "detailCount": 1,
// "details": [{"id": "…", "message": "…"}], "retryAfter": "60"}, the details read with
// findDetails(ErrorDetailSchema) from @zitadel/proto.
import { createInterface } from "node:readline";
import { NewAuthorizationBearerInterceptor, fromJson, toJson } from "@zitadel/client";
import { createServerTransport } from "@zitadel/client/node";
import { createClientTransport } from "@zitadel/client/web";
import { createUserServiceClient as createV2UserServiceClient } from "@zitadel/client/v2";
import { createUserServiceClient as createV3alphaUserServiceClient } from "@zitadel/client/v3alpha";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb.js";
import { ZITADELUsers } from "@zitadel/proto/zitadel/resources/user/v3alpha/user_service_pb.js";
import { ErrorDetailSchema } from "@zitadel/proto/zitadel/message_pb.js";
// ConnectError is declared in @zitadel/client's types but not exported by its JavaScript (1.3.1).
import { ConnectError } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { createGrpcWebTransport } from "@connectrpc/connect-web";

const [protocol, baseUrl] = process.argv.slice(2);

// With a token: the transport the package makes (or connect-es's, with the package's interceptor).
// Without: the same kind of transport, bare, because the package's interceptor always adds a header.
const transports = {
  grpc: (token) =>
    token === undefined
      ? createGrpcTransport({ baseUrl, httpVersion: "2" })
      : createServerTransport(token, { baseUrl, httpVersion: "2" }),
  "grpc-web": (token) =>
    token === undefined
      ? createGrpcWebTransport({ baseUrl })
      : createClientTransport(token, { baseUrl }),
  connect: (token) => connect(token, false),
  "connect-proto": (token) => connect(token, true),
};

function connect(token, useBinaryFormat) {
  const interceptors = token === undefined ? [] : [NewAuthorizationBearerInterceptor(token)];
  return createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat, interceptors });
}

if (!baseUrl || !transports[protocol]) {
  console.error("usage: node client.mjs <grpc|grpc-web|connect|connect-proto> <baseUrl>");
  process.exit(2);
}

const dialects = {
  v2: { service: UserService, createClient: createV2UserServiceClient },
  v3alpha: { service: ZITADELUsers, createClient: createV3alphaUserServiceClient },
};

// One client per dialect and token, as an application keeps one per credential.
const clients = new Map();
function clientFor(dialect, token) {
  const key = `${dialect}\n${token ?? ""}\n${token === undefined}`;
  if (!clients.has(key)) {
    clients.set(key, dialects[dialect].createClient(transports[protocol](token)));
  }
  return clients.get(key);
}

async function call(line) {
  const { dialect, method, token, authorization, request } = JSON.parse(line);
  if (!dialects[dialect]) {
    return { error: `no dialect ${dialect}` };
  }
  const desc = dialects[dialect].service.methods.find((m) => m.name === method);
  if (!desc) {
    return { error: `no method ${method} in ${dialects[dialect].service.typeName}` };
  }
  const client = clientFor(dialect, token ?? undefined);
  const headers = authorization === undefined ? {} : { authorization };
  try {
    const response = await client[desc.localName](fromJson(desc.input, request), {
      headers,
      timeoutMs: 20000,
    });
    return { code: 0, response: toJson(desc.output, response) };
  } catch (e) {
    const err = ConnectError.from(e);
    return {
      code: err.code,
      message: err.rawMessage,
      detailCount: err.details.length,
      details: err.findDetails(ErrorDetailSchema).map((d) => ({ id: d.id, message: d.message })),
      retryAfter: err.metadata.get("retry-after") ?? undefined,
    };
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === "") continue;
  process.stdout.write(JSON.stringify(await call(line)) + "\n");
}
