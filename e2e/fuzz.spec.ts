import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E } from "./env.mjs";
import { apiSignIn } from "./support/auth";
import { createAccount, db } from "./support/db";
import { GENERATORS, runFuzz } from "./support/fuzz";

// Bad input, generated: at least 1,000 malformed requests across every class (paths, queries,
// cookies, headers, bodies, fake Server Actions, sign-in posts, methods, route params) against
// both production instances. None may get a 5xx or go unanswered, the certainly-malformed ones
// must get a 4xx, and afterwards the sessions table is unchanged and both instances are healthy.
// FUZZ_SEED replays a run; FUZZ_COUNT makes it longer.

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const COUNT = Math.max(1000, Number(process.env.FUZZ_COUNT ?? 1320));

/** Server Actions in the build that change nothing without valid input (signing out needs none, so it is left out). */
function harmlessActionIds(): string[] {
  const file = path.resolve(process.env.NEXT_DIST_DIR ?? ".next", "server/server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { node: Record<string, { exportedName?: string }> };
  return Object.entries(manifest.node)
    .filter(([, entry]) => entry.exportedName && entry.exportedName !== "signOutAction")
    .map(([id]) => id);
}

async function sessionsTable() {
  const { rows } = await db().query("SELECT id, user_id, status, end_reason, ended_at, ended_by_id FROM sessions ORDER BY id");
  return rows;
}

test("a thousand and more generated bad requests: no 5xx, nothing changed, still healthy", async () => {
  test.setTimeout(180_000);
  console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${COUNT} requests`);
  const { owner, member } = await createAccount("fuzz");
  const cookieOf = async (email: string, password: string) => {
    const ctx = await apiSignIn(`http://localhost:${E2E.portA}`, email, password);
    const value = (await ctx.storageState()).cookies.find((c) => c.name === "bb.session")!.value;
    await ctx.dispose();
    return `bb.session=${value}`;
  };
  const ctx = {
    memberCookie: await cookieOf(member.email, member.password),
    ownerCookie: await cookieOf(owner.email, owner.password),
    memberId: member.id,
    actionIds: harmlessActionIds(),
  };
  expect(ctx.actionIds.length).toBeGreaterThan(3);
  const before = await sessionsTable();

  const results = await runFuzz({ ports: [E2E.portA, E2E.portB], seed: SEED, count: COUNT, ctx });

  const byKind = new Map<string, Map<number, number>>();
  for (const { request, status } of results) {
    const counts = byKind.get(request.kind) ?? new Map<number, number>();
    counts.set(status, (counts.get(status) ?? 0) + 1);
    byKind.set(request.kind, counts);
  }
  console.log([...byKind].map(([kind, counts]) => `${kind}: ${[...counts].sort().map(([s, n]) => `${s}×${n}`).join(" ")}`).join("\n"));
  expect([...byKind.keys()].sort()).toEqual(Object.keys(GENERATORS).sort());

  const describe = (r: (typeof results)[number]) =>
    `${r.status}${r.error ? ` (${r.error})` : ""} ← ${r.request.kind}: ${r.request.method} ${r.request.path.slice(0, 120)} ${JSON.stringify(r.request.headers).slice(0, 160)}`;
  const failures = results.filter((r) => r.status === 0 || r.status >= 500 || (r.request.mustBe4xx && r.status < 400));
  expect(failures.map(describe), `seed ${SEED}`).toEqual([]);
  // No answer ever carries a stack trace, SQL or a secret.
  const leaks = results.filter((r) => /\n\s+at .+\(.+:\d+:\d+\)|SELECT .+ FROM|prisma|PrismaClient|AUTH_SECRET|postgresql:\/\//i.test(r.body));
  expect(leaks.map(describe), `seed ${SEED}`).toEqual([]);

  expect(await sessionsTable(), "the sessions table is unchanged").toEqual(before);
  for (const port of [E2E.portA, E2E.portB]) {
    const health = await fetch(`http://localhost:${port}/api/health`);
    expect(health.status, `instance on ${port}`).toBe(200);
    const me = await fetch(`http://localhost:${port}/api/me`, { headers: { cookie: ctx.memberCookie } });
    expect(me.status, `the member still works on ${port}`).toBe(200);
  }
});
