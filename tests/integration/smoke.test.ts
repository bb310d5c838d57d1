import { describe, expect, inject, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { checkSession, createSession } from "@/lib/sessions/store";

describe(`session store on ${inject("databaseLabel")}`, () => {
  it("creates a session that the gate accepts", async () => {
    await getDb().account.create({ data: { id: "a1", name: "A" } });
    await getDb().user.create({ data: { id: "u1", accountId: "a1", email: "u1@example.com", name: "U", passwordHash: "x" } });
    const id = await createSession({ userId: "u1", userAgent: "curl/8", ip: "127.0.0.1" });
    const result = await checkSession(id);
    expect(result.ok).toBe(true);
  });
});
