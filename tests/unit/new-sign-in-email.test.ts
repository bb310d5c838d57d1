import { describe, expect, it } from "vitest";
import { newSignInEmail } from "@/lib/mail/new-sign-in";

const facts = {
  name: "Mia Moreno",
  browser: "Firefox",
  os: "Windows",
  ip: "85.214.132.117",
  city: "Berlin",
  region: "BE",
  country: "DE",
  at: new Date("2026-11-28T07:40:00.000Z"),
  newDevice: true,
  newLocation: true,
};

describe("the new sign-in e-mail", () => {
  it("says what, where and when, and links to My Sessions at the configured URL", () => {
    const mail = newSignInEmail(facts, "https://sessions.example.com/");
    expect(mail.subject).toBe("New sign-in to Broker Buddha AI: Firefox on Windows · Berlin, Germany");
    expect(mail.text).toContain("Hi Mia Moreno,");
    expect(mail.text).toContain("from a new device and location:");
    expect(mail.text).toContain("New sign-in: Firefox on Windows · Berlin, Germany · Nov 28, 2026, 7:40 AM UTC");
    expect(mail.text).toContain("IP address: 85.214.132.117");
    expect(mail.text).toContain("\nhttps://sessions.example.com/settings/sessions\n");
  });

  it("names only the signal there was", () => {
    expect(newSignInEmail({ ...facts, newLocation: false }, "https://x.example").text).toContain("from a new device:");
    expect(newSignInEmail({ ...facts, newDevice: false }, "https://x.example").text).toContain("from a new location:");
  });
});
