import { SMTPServer } from "smtp-server";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { createAccount, createUser, DAY, signIn, UA } from "../helpers/fixtures";

// The new sign-in alert by e-mail, sent to a real SMTP server started here: after the sign-in's
// commit, without holding it up, with the facts and a link and never a session ID; and a mail
// server that refuses does not fail the sign-in.

type Received = { from: string; to: string[]; raw: string };
const received: Received[] = [];
let refuseNext = false;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    let raw = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => (raw += chunk));
    stream.on("end", () => {
      if (refuseNext) {
        refuseNext = false;
        return callback(Object.assign(new Error("mailbox full for mia@example.com"), { responseCode: 552 }));
      }
      received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw });
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
const port = (smtp.server.address() as { port: number }).port;
// Read by lib/config.ts on first use, which is after this.
process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
process.env.AUTH_URL = "https://sessions.example.test";

afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

const quotedPrintable = (text: string) => text.replace(/(=[0-9A-F]{2})+/g, (run) => Buffer.from(run.replace(/=/g, ""), "hex").toString("utf8"));

/** The text of a message: headers unfolded and their encoded words decoded, quoted-printable body decoded. */
function decode(raw: string): string {
  const [head = "", ...body] = raw.split("\r\n\r\n");
  const headers = head
    .replace(/\r\n[ \t]+/g, " ")
    .replace(/\?= =\?UTF-8\?Q\?/g, "")
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/g, (_, word: string) => quotedPrintable(word.replace(/_/g, " ")));
  const text = quotedPrintable(body.join("\r\n\r\n").replace(/=\r\n/g, ""));
  return `${headers}\n\n${text.replace(/\r\n/g, "\n")}`;
}

async function nextMessage(count: number): Promise<Received> {
  await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
  return received[count - 1]!;
}

describe(`new sign-in e-mail on ${inject("databaseLabel")}`, () => {
  it("is sent only for a sign-in from a new device or location, with its facts, a link, and no session ID", async () => {
    const user = await createUser(await createAccount());
    const t0 = new Date(Date.now() - 2 * DAY);
    await signIn(user.id, { userAgent: UA.chromeMac, ip: "85.214.132.117", at: t0 });
    await signIn(user.id, { userAgent: UA.chromeMac, ip: "85.214.132.117", at: new Date(t0.getTime() + DAY) });
    const id = await signIn(user.id, { userAgent: UA.firefoxWindows, ip: "24.48.0.1" });

    const message = await nextMessage(1);
    expect(received).toHaveLength(1); // the first two were neither new device nor new location
    expect(message.to).toEqual([user.email]);
    expect(message.from).toBe("no-reply@brokerbuddha.ai");
    const text = decode(message.raw);
    expect(text).toContain("Subject: New sign-in to Broker Buddha AI: Firefox on Windows");
    expect(text).toContain("from a new device and location:");
    expect(text).toContain("New sign-in: Firefox on Windows · Montreal, Canada · ");
    expect(text).toContain("https://sessions.example.test/settings/sessions");
    const row = await getDb().session.findUniqueOrThrow({ where: { id }, select: { handle: true } });
    expect(message.raw).not.toContain(id);
    expect(message.raw).not.toContain(id.slice(0, 12));
    expect(message.raw).not.toContain(row.handle);
  });

  it("does not fail or hold up the sign-in when the mail server refuses it", async () => {
    const user = await createUser(await createAccount());
    await signIn(user.id, { userAgent: UA.chromeMac, ip: "85.214.132.117", at: new Date(Date.now() - DAY) });
    const before = received.length;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    refuseNext = true;
    const id = await signIn(user.id, { userAgent: UA.safariIphone, ip: "24.48.0.1" });
    expect(await getDb().session.findUnique({ where: { id }, select: { status: true, newDevice: true } })).toEqual({ status: "ACTIVE", newDevice: true });
    await expect.poll(() => refuseNext, { timeout: 10_000 }).toBe(false);
    expect(received.length).toBe(before);
    // Logged by name and code: not the server's reply, which names the mailbox.
    await expect.poll(() => logged.mock.calls.length).toBe(1);
    expect(logged.mock.calls[0]!.join(" ")).toBe("[mail] new sign-in alert not sent: Error EMESSAGE");
    logged.mockRestore();
    // The next alert goes out as usual.
    await signIn(user.id, { userAgent: UA.firefoxWindows, ip: "139.130.4.5" });
    expect((await nextMessage(before + 1)).to).toEqual([user.email]);
  });
});
