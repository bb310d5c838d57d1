// The password length rules, apart from the zod schema so that the form (a client component)
// can show them without shipping zod to the browser.
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
