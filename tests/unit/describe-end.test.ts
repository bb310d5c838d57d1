import { describe, expect, it } from "vitest";
import { EndReason } from "@/lib/db/generated/enums";
import { describeEnd, endedRemotely } from "@/lib/sessions/describe-end";

// How My Session History (and an Account Owner's view of a member) words the end of a session.

const owner = { id: "usr_owner", name: "Olivia Owens", role: "ACCOUNT_OWNER" as const };
const ended = (endReason: EndReason, extra: Partial<Parameters<typeof describeEnd>[0]> = {}) => ({
  status: "TERMINATED" as const,
  endReason,
  endedByItself: false,
  endedBy: null,
  endedFrom: null,
  ...extra,
});

describe("describeEnd", () => {
  it("words every end reason, none with the generic fallback", () => {
    for (const reason of Object.values(EndReason)) {
      const text = describeEnd(ended(reason));
      expect(text, reason).not.toBe("Terminated");
      expect(text.length, reason).toBeGreaterThan(5);
    }
  });

  it("a reported sign-in says the user reported it", () => {
    expect(describeEnd(ended("REPORTED"))).toBe("You reported this sign-in");
  });

  it("says who deactivated the user or reset the password: an Account Owner by name, or an administrator (the admin CLI)", () => {
    expect(describeEnd(ended("USER_DEACTIVATED", { endedBy: owner }))).toBe("Signed out when an Account Owner (Olivia Owens) deactivated the user");
    expect(describeEnd(ended("USER_DEACTIVATED"))).toBe("Signed out when an administrator deactivated the user");
    expect(describeEnd(ended("PASSWORD_RESET", { endedBy: owner }))).toBe("Signed out when an Account Owner (Olivia Owens) reset the password");
    expect(describeEnd(ended("PASSWORD_RESET"))).toBe("Signed out when an administrator reset the password");
  });

  it("a session replaced by a new sign-in in the same browser: that browser already moved on", () => {
    const replaced = ended("SIGNED_IN_AGAIN");
    expect(describeEnd(replaced)).toBe("Replaced by a new sign-in on this browser");
    expect(endedRemotely(replaced)).toBe(false);
    expect(endedRemotely(ended("USER_DEACTIVATED", { endedBy: owner }))).toBe(true);
    expect(endedRemotely(ended("PASSWORD_RESET"))).toBe(true);
  });
});
