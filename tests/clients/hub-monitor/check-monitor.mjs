// The API hub's Cloud Integration monitor in headless Chromium, as a person uses it: sign in, open the message
// processing logs, filter by status FAILED with the form, open a failed message and read its error text and
// attachment, and open the attachment's content. One JSON line per check on stdout; screenshots into a folder.
//
//   node check-monitor.mjs http://127.0.0.1:5080 sandbox sandbox --chromium=/usr/bin/chromium --screenshots=DIR
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const [base, user, password, ...rest] = process.argv.slice(2);
const options = Object.fromEntries(rest.filter(a => a.startsWith("--")).map(a => a.slice(2).split("=", 2)));
const executablePath = options.chromium || "/usr/bin/chromium";
const screenshots = options.screenshots || ".";
fs.mkdirSync(screenshots, { recursive: true });

let failed = false;
/** Runs one check, reports it as a JSON line, and stops at the first failure (later checks build on it). */
async function check(name, run) {
    try {
        const detail = await run();
        console.log(JSON.stringify({ check: name, ok: true, ...(detail || {}) }));
    } catch (error) {
        failed = true;
        console.log(JSON.stringify({ check: name, ok: false, error: String(error && error.stack || error) }));
        throw error;
    }
}

const browser = await chromium.launch({
    executablePath, headless: true, timeout: 30000,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const pageErrors = [];
try {
    // A tablet's width: the pages must still be usable there.
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", error => pageErrors.push(error.message));
    const shot = name => page.screenshot({ path: path.join(screenshots, name), fullPage: true });

    await check("sign-in", async () => {
        await page.goto(new URL("/hub/monitor/messages", base).href);
        // Not signed in: the hub sends the browser to its sign-in page, which returns to the monitor afterwards.
        if (!new URL(page.url()).pathname.startsWith("/hub/signin")) throw new Error("not sent to sign in: " + page.url());
        await page.getByLabel("User").fill(user);
        await page.getByLabel("Password").fill(password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(url => new URL(url).pathname === "/hub/monitor/messages");
    });

    let total = 0;
    await check("message-list", async () => {
        await page.locator("#logs tbody tr").first().waitFor();
        total = Number(await page.locator("#log-count").textContent());
        if (!(total > 0)) throw new Error("no message processing logs counted");
        await shot("monitor-messages.png");
        return { total };
    });

    let failedCount = 0;
    await check("filter-failed", async () => {
        // By label and keyboard, as a person without a mouse would: choose the status, then Enter on "Apply filters".
        await page.getByLabel("Status").selectOption("FAILED");
        await page.getByRole("button", { name: "Apply filters" }).press("Enter");
        await page.waitForURL(url => new URL(url).searchParams.get("status") === "FAILED");
        await page.locator("#logs tbody tr").first().waitFor();
        failedCount = Number(await page.locator("#log-count").textContent());
        const statuses = await page.locator("#logs tbody tr td:first-child").allTextContents();
        if (statuses.length === 0 || statuses.some(s => s.trim() !== "FAILED")) throw new Error("not only FAILED rows: " + statuses.join(","));
        if (!(failedCount > 0 && failedCount < total)) throw new Error(`filtered ${failedCount} of ${total}`);
        await shot("monitor-messages-failed.png");
        return { failed: failedCount, rows: statuses.length };
    });

    let guid = "";
    await check("message-detail", async () => {
        const link = page.locator("#logs tbody tr td:last-child a").first();
        guid = (await link.textContent()).trim();
        await link.click();
        await page.waitForURL(url => new URL(url).pathname === "/hub/monitor/messages/" + guid);
        const status = (await page.locator("#message-status").textContent()).trim();
        const error = (await page.locator("#error-text").textContent()).trim();
        if (status !== "FAILED") throw new Error("status " + status);
        if (error.length === 0) throw new Error("no error text");
        const attachments = await page.locator("#attachments tbody tr").count();
        if (attachments === 0) throw new Error("no attachment listed");
        await shot("monitor-message-detail.png");
        return { guid, error: error.slice(0, 120), attachments };
    });

    await check("attachment", async () => {
        // The attachment's link is its $value at /api/v1, which the hub's sign-in cookie opens.
        const href = await page.locator("#attachments tbody tr").first().getByRole("link", { name: /^Open/ }).getAttribute("href");
        const response = await page.request.get(new URL(href, base).href);
        const body = await response.text();
        if (response.status() !== 200) throw new Error(`${response.status()} for ${href}: ${body.slice(0, 300)}`);
        if (!body.includes(guid)) throw new Error("the attachment does not name its message: " + body.slice(0, 200));
        return { href, contentType: response.headers()["content-type"], bytes: body.length };
    });

    await check("artifacts-and-keystore", async () => {
        await page.getByRole("navigation", { name: "Monitor" }).getByRole("link", { name: "Deployed artifacts" }).click();
        await page.locator("#artifacts tbody tr.row-error").first().waitFor();
        await shot("monitor-artifacts.png");
        await page.getByRole("navigation", { name: "Monitor" }).getByRole("link", { name: "Keystore" }).click();
        await page.locator("#entries tbody tr").first().waitFor();
        const expired = await page.locator("#entries tbody tr.row-error").count();
        await shot("monitor-keystore.png");
        return { expired };
    });
    if (pageErrors.length > 0) throw new Error("script errors on the pages: " + pageErrors.join("; "));
} catch (error) {
    failed = true;
    if (pageErrors.length > 0) console.error(pageErrors.join("\n"));
    console.error(String(error && error.stack || error));
} finally {
    await browser.close();
}
process.exit(failed ? 1 : 0);
