import { describe, expect, it } from "vitest";
import { addMemberSchema } from "@/lib/validations/add-member";
import { changeMemberRoleSchema } from "@/lib/validations/change-member-role";
import { deactivateMemberSchema } from "@/lib/validations/deactivate-member";

// The Users tab's inputs (the admin CLI uses the same field schemas).

describe("member inputs", () => {
  it("normalises a new member: trimmed name, lower-cased e-mail", () => {
    expect(addMemberSchema.parse({ name: "  Nia Newcomer ", email: " Nia@Example.COM ", role: "BILLING_MANAGER" })).toEqual({
      name: "Nia Newcomer",
      email: "nia@example.com",
      role: "BILLING_MANAGER",
    });
  });

  it("names the field of each problem", () => {
    const result = addMemberSchema.safeParse({ name: " ", email: "nope", role: "ADMIN" });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(result.error!.issues.map((i) => [i.path[0], i.message]));
    expect(byField).toEqual({ name: "Enter their name.", email: "Enter a valid email address.", role: "Choose a role." });
  });

  it("refuses control characters in a name and over-long values", () => {
    expect(addMemberSchema.safeParse({ name: "Eve\u0000Null", email: "e@example.com", role: "USER" }).success).toBe(false);
    expect(addMemberSchema.safeParse({ name: "Bidi\u202Eevil", email: "e@example.com", role: "USER" }).success).toBe(false);
    expect(addMemberSchema.safeParse({ name: "x".repeat(101), email: "e@example.com", role: "USER" }).success).toBe(false);
    expect(addMemberSchema.safeParse({ name: "Ok", email: `${"a".repeat(250)}@example.com`, role: "USER" }).success).toBe(false);
    expect(addMemberSchema.safeParse({ name: "Zoë O'Brien-Łukasz", email: "zoe@example.com", role: "USER" }).success).toBe(true);
  });

  it("takes only well-formed member ids and real roles; deactivation needs its confirmation", () => {
    expect(changeMemberRoleSchema.safeParse({ memberId: "usr_abc", role: "ACCOUNT_OWNER" }).success).toBe(true);
    for (const memberId of ["../usr", "usr abc", "", "a".repeat(65), null]) {
      expect(changeMemberRoleSchema.safeParse({ memberId, role: "USER" }).success, String(memberId)).toBe(false);
    }
    expect(changeMemberRoleSchema.safeParse({ memberId: "usr_abc", role: "account_owner" }).success).toBe(false);
    expect(deactivateMemberSchema.safeParse({ memberId: "usr_abc", confirm: "yes" }).success).toBe(true);
    expect(deactivateMemberSchema.safeParse({ memberId: "usr_abc", confirm: null }).success).toBe(false);
  });
});
