// Shared by the API hub's browser checks: headless Chromium (Debian's build) and signing in on the hub's page.
import fs from "node:fs";
import { chromium } from "playwright-core";

/** Chromium as the issue asks for it: headless, no sandbox, no GPU, no background traffic. */
export async function launchChromium(executablePath) {
    if (!fs.existsSync(executablePath)) throw new Error(`Chromium is not installed at ${executablePath}: apt-get install chromium`);
    return chromium.launch({
        executablePath, headless: true, timeout: 30000,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
}

/** Opens the sandbox's root as a browser does, lands on the sign-in page and signs in; resolves on the catalog. */
export async function signIn(page, base, user, password) {
    await page.goto(base.replace(/\/$/, "") + "/");
    if (!new URL(page.url()).pathname.startsWith("/hub/signin")) throw new Error(`the root did not lead to the sign-in page but to ${page.url()}`);
    await page.getByLabel("User").fill(user);
    await page.getByLabel("Password").fill(password);
    await Promise.all([page.waitForURL(url => url.pathname === "/hub"), page.getByRole("button", { name: "Sign in" }).click()]);
}
