package org.totpkit.mock.http;

import java.io.PrintStream;

/**
 * One line per request when the server runs verbose: method, path and status. Never the query, the
 * headers or the body, which carry tokens and codes.
 */
public final class RequestLog {
  private final PrintStream out;

  private RequestLog(PrintStream out) {
    this.out = out;
  }

  public static RequestLog to(PrintStream out) {
    return new RequestLog(out);
  }

  public static RequestLog silent() {
    return new RequestLog(null);
  }

  /** Server defects are always reported, by type and place only (messages may quote input). */
  public void failure(RuntimeException bug) {
    StackTraceElement[] where = bug.getStackTrace();
    System.err.println(
        "internal error: "
            + bug.getClass().getName()
            + (where.length > 0 ? " at " + where[0] : ""));
  }

  /** One RPC call: protocol, method path and gRPC status code, never metadata or messages. */
  public void rpc(String protocol, String path, int code) {
    if (out != null) {
      out.println(protocol + " " + path + " -> grpc-status " + code);
    }
  }

  void record(String method, String url, int status) {
    if (out == null) {
      return;
    }
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    out.println(method + " " + path + " -> " + status);
  }
}
