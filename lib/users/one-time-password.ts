import { randomInt } from "node:crypto";

// The password an Account Owner or the admin CLI hands to someone, who must replace it at their
// first sign-in. Four groups of five characters from an alphabet without look-alikes (no 0/o,
// 1/l/i), so it can be read aloud or typed from a note: 20 × log2(31) ≈ 99 bits of entropy.

const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const GROUPS = 4;
const GROUP_LENGTH = 5;

export const ONE_TIME_PASSWORD_PATTERN = new RegExp(`^[${ALPHABET}]{${GROUP_LENGTH}}(-[${ALPHABET}]{${GROUP_LENGTH}}){${GROUPS - 1}}$`);

/** A fresh random one-time password, e.g. `k7m3q-xwp9a-r4tne-hb8cz`. */
export function generateOneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = "";
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}
