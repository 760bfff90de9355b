// The API hub's Cloud Integration monitor in headless Chromium, as a person uses it: sign in, open the message
// processing logs, filter by status FAILED with the form, open a failed message and read its error text and
// attachment, and open the attachment's content; filter by time in the browser's own time zone (Asia/Tokyo here,
// UTC+09:00); undeploy an artifact and deploy it again from its page. One JSON line per check on stdout; screenshots
// into a folder.
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
    // A time zone other than the machine's UTC, to see the time filters take the browser's local time.
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, timezoneId: "Asia/Tokyo" });
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
    await check("time-zone", async () => {
        // The labels name the browser's zone; 09:00 there is midnight UTC, which is what the tenant is asked for.
        await page.goto(new URL("/hub/monitor/messages", base).href);
        const from = page.getByLabel("Started from (Asia/Tokyo)");
        await from.fill("2026-11-10T09:00");
        await page.getByRole("button", { name: "Apply filters" }).press("Enter");
        await page.waitForURL(url => new URL(url).searchParams.get("tz") === "Asia/Tokyo");
        const request = await page.locator("details.request code").textContent();
        if (!request.includes("LogStart ge datetime'2026-11-10T00:00:00'")) throw new Error("the tenant was asked: " + request);
        if (await from.inputValue() !== "2026-11-10T09:00") throw new Error("the filter shows " + await from.inputValue());
        // A link written in UTC (no zone) shows the same instant in the browser's zone.
        await page.goto(new URL("/hub/monitor/messages?from=2026-11-10T00:00", base).href);
        const shown = await page.getByLabel("Started from (Asia/Tokyo)").inputValue();
        if (shown !== "2026-11-10T09:00") throw new Error("the UTC link's filter shows " + shown);
        // And the table's times are the browser's too.
        const time = page.locator("#logs time[datetime]").first();
        const utc = new Date(await time.getAttribute("datetime"));
        const expected = new Date(utc.getTime() + 540 * 60000).toISOString().slice(0, 19).replace("T", " ");
        const text = (await time.textContent()).trim();
        if (text !== expected) throw new Error(`the table shows ${text} for ${utc.toISOString()}, not ${expected}`);
        return { request: request.trim(), first: text };
    });

    await check("undeploy-and-deploy", async () => {
        await page.goto(new URL("/hub/monitor/artifacts", base).href);
        await page.locator("#artifacts").getByRole("link", { name: "Aggregate Stock Updates for Marketplace" }).click();
        await page.waitForURL(url => new URL(url).pathname === "/hub/monitor/artifacts/Aggregate_Stock_Updates");
        await page.getByRole("button", { name: "Undeploy" }).click();
        await page.waitForURL(url => new URL(url).searchParams.get("done") === "undeployed");
        const undeployed = (await page.locator("#artifact-status").textContent()).trim();
        if (undeployed !== "NOT DEPLOYED") throw new Error("after undeploying the status is " + undeployed);
        // From the keyboard: Enter on the Deploy button; the page comes back once the tenant's build has ended.
        await page.getByRole("button", { name: "Deploy", exact: true }).press("Enter");
        await page.waitForURL(url => new URL(url).searchParams.get("done") === "deployed");
        const deployed = (await page.locator("#artifact-status").textContent()).trim();
        const outcome = (await page.locator("#outcome").textContent()).trim();
        if (deployed !== "STARTED") throw new Error(`after deploying the status is ${deployed} (${outcome})`);
        await shot("monitor-artifact-deployed.png");
        return { undeployed, deployed, outcome };
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
