import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/**
 * Looks at a page the way a reviewer would: desktop (1280px) and phone (390px), light and dark.
 * Saves a full-page screenshot of each, requires no horizontal scrolling on the phone, and no
 * serious or critical axe violations in either color scheme. `prepare` runs after each reload.
 */
export async function lookAt(page: Page, name: string, testInfo: TestInfo, prepare?: (page: Page) => Promise<void>) {
  for (const colorScheme of ["light", "dark"] as const) {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.emulateMedia({ colorScheme });
      await page.reload();
      // Whatever the look is of (an open dialog, say), set up again after each reload.
      await prepare?.(page);
      await page.screenshot({ path: testInfo.outputPath(`${name}-${width}-${colorScheme}.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
      const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `${name} ${width}px ${colorScheme}`).toEqual([]);
    }
  }
}
