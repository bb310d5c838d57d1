import "server-only";
import type { Transporter } from "nodemailer";
import { getConfig } from "@/lib/config";
import { newSignInEmail, type NewSignInFacts } from "./new-sign-in";

// Sending e-mail (only when SMTP_URL is configured). Never on the way of the request that
// caused it: the caller does not wait, a failure is logged by name and code only (an SMTP
// error's text can carry the server's reply, addresses or credentials) and nothing else happens.

let transport: Promise<Transporter> | undefined;

function getTransport(smtpUrl: string): Promise<Transporter> {
  transport ??= import("nodemailer").then((nodemailer) => nodemailer.createTransport(smtpUrl));
  return transport;
}

/** Sends the new sign-in alert to `to` in the background; returns at once. */
export function sendNewSignInEmail(to: string, facts: NewSignInFacts): void {
  const mail = getConfig().mail;
  if (!mail) return;
  const { subject, text } = newSignInEmail(facts, mail.appUrl);
  void getTransport(mail.smtpUrl)
    .then((t) => t.sendMail({ from: mail.from, to, subject, text }))
    .catch((error: unknown) => {
      const code = (error as { code?: string }).code;
      console.error(`[mail] new sign-in alert not sent: ${(error as Error)?.name ?? "Error"}${code ? ` ${code}` : ""}`);
    });
}
