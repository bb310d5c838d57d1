import { expect, test } from "@playwright/test";

test("signs in and lands on the home page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill("owner@example.com");
  await page.getByLabel("Password").fill("buddha-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /Welcome back/ })).toBeVisible();
});
