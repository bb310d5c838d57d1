import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

// Which failures answer 503 (the database is away: try again) rather than 500 (a bug).

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["a refused connection", withCode("ECONNREFUSED")],
    ["a reset connection", withCode("ECONNRESET")],
    ["an unreachable host", withCode("EHOSTUNREACH")],
    ["an unknown host", withCode("ENOTFOUND")],
    ["a connection exception (08006)", withCode("08006")],
    ["the server shutting down (57P01)", withCode("57P01")],
    ["the server still starting (57P03)", withCode("57P03")],
    ["a statement timeout (57014)", withCode("57014")],
    ["a lock timeout (55P03)", withCode("55P03")],
    ["too many connections (53300)", withCode("53300")],
    ["pg's query timeout", new Error("Query read timeout")],
    ["pg's connection timeout", new Error("Connection terminated due to connection timeout")],
    ["a connection that died", new Error("Connection terminated unexpectedly")],
    ["pg-pool's wait for a free connection", new Error("timeout exceeded when trying to connect")],
    ["a client after its connection died", new Error("Client has encountered a connection error and is not queryable")],
    ["Prisma: cannot reach the server (P1001)", withCode("P1001")],
    ["Prisma: the server closed the connection (P1017)", withCode("P1017")],
    ["Prisma quoting pg's message", new Error("Invalid `prisma.session.findMany()` invocation:\n\nQuery read timeout")],
    ["the cause of a wrapping error", new Error("wrapped", { cause: withCode("ECONNREFUSED") })],
  ])("%s: yes", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation (23505)", withCode("23505")],
    ["a syntax error (42601)", withCode("42601")],
    ["Prisma: record not found (P2025)", withCode("P2025")],
    ["a bug", new TypeError("Cannot read properties of undefined")],
    ["a message that merely mentions a timeout", new Error("the session timeout is 7 days")],
    ["not an error at all", "ECONNREFUSED"],
    ["nothing", undefined],
  ])("%s: no", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
