/**
 * Test-run network guard: every socket a test opens must go to the loopback interface.
 * A connection anywhere else (a real Microsoft host, a DNS lookup of one) is refused and fails the test file.
 * Patched at `net.Socket.prototype.connect` and `dns.lookup`, which every client (fetch, http, gRPC) goes through.
 */
import dns from "node:dns";
import net from "node:net";
import { afterAll } from "vitest";

const violations: string[] = [];
/** Exposed so the guard's own test can clear the violation it provokes on purpose. */
(globalThis as { __govaiNetworkViolations?: string[] }).__govaiNetworkViolations = violations;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

function isAllowed(host: unknown): boolean {
  return host === undefined || host === null || (typeof host === "string" && LOOPBACK.test(host));
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  let host: unknown;
  let path: unknown;
  if (Array.isArray(first)) {
    const opts = first[0] as { host?: unknown; path?: unknown } | undefined;
    host = opts?.host;
    path = opts?.path;
  } else if (first && typeof first === "object") {
    host = (first as { host?: unknown }).host;
    path = (first as { path?: unknown }).path;
  } else if (typeof first === "number") {
    host = typeof args[1] === "string" ? args[1] : undefined;
  } else if (typeof first === "string") {
    path = first;
  }
  if (path === undefined && !isAllowed(host)) {
    const message = `network guard: test tried to connect to ${String(host)}; only 127.0.0.1 is allowed`;
    violations.push(message);
    throw new Error(message);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const originalLookup = dns.lookup;
// biome-ignore lint/suspicious/noExplicitAny: dns.lookup has many overloads
(dns as any).lookup = function guardedLookup(hostname: string, ...rest: unknown[]) {
  if (!isAllowed(hostname)) {
    const message = `network guard: test tried to resolve ${hostname}; only loopback names are allowed`;
    violations.push(message);
    throw new Error(message);
  }
  return (originalLookup as (...a: unknown[]) => unknown).call(dns, hostname, ...rest);
};

afterAll(() => {
  if (violations.length > 0) {
    throw new Error(`network guard: ${violations.length} forbidden connection(s):\n${violations.join("\n")}`);
  }
});
