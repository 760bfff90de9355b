// The API hub in headless Chromium, as a person uses it: sign in, find a service in the catalog, try out a filtered
// GET, try out a POST (the page fetches the CSRF token first and shows it), see the history and copy a call as curl.
//
// usage: node check-hub.mjs <sandbox base URL> <user> <password> --out=<screenshot folder> [--chromium=/usr/bin/chromium]
// Prints one JSON line per check ({"check":name,"ok":bool,...}); exits 1 when one fails.

import path from "node:path";
import fs from "node:fs";
import os from "node:os";
import { execFileSync } from "node:child_process";
import { launchChromium, signIn } from "./hub-session.mjs";

const options = Object.fromEntries(process.argv.slice(2).filter(a => a.startsWith("--")).map(a => {
    const [name, ...value] = a.slice(2).split("=");
    return [name, value.join("=")];
}));
const [base, user, password] = process.argv.slice(2).filter(a => !a.startsWith("--"));
const out = options.out || ".";
const origin = base.replace(/\/$/, "");
let failed = false;

async function check(name, run) {
    try {
        const details = await run();
        console.log(JSON.stringify({ check: name, ok: true, ...details }));
    } catch (error) {
        failed = true;
        console.log(JSON.stringify({ check: name, ok: false, error: error.message }));
    }
}

function assert(condition, message) {
    if (!condition) throw new Error(message);
}

/** Opens a method, lets the caller fill its form, executes it and resolves with the response's status and text. */
async function tryOut(page, methodId, fill) {
    const method = page.locator(`details#${methodId}`);
    if (!await method.evaluate(d => d.open)) await method.locator("summary").click();
    await fill(method);
    await method.getByRole("button", { name: "Execute" }).click();
    const status = method.locator(".response .status[data-status]");
    await status.waitFor({ timeout: 15000 });
    return {
        status: Number(await status.getAttribute("data-status")),
        body: await method.locator(".response-body").textContent(),
        steps: await method.locator(".step").allTextContents(),
        method,
    };
}

const browser = await launchChromium(options.chromium || "/usr/bin/chromium");
const pageErrors = [];
try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", error => pageErrors.push(error.message));

    await check("signin", async () => {
        await signIn(page, origin, user, password);
        return { url: page.url() };
    });

    await check("catalog", async () => {
        const tiles = await page.locator("#catalog .tile").count();
        assert(tiles >= 5, `the catalog lists ${tiles} services`);
        const text = await page.locator("#catalog").textContent();
        for (const name of ["API_BUSINESS_PARTNER", "CE_SALESORDER_0001", "CloudIntegration"])
            assert(text.includes(name), `the catalog does not list ${name}`);
        assert(await page.locator('#catalog a[href="/sandbox/openapi/API_BUSINESS_PARTNER.json"]').count() === 1, "no OpenAPI link");
        await page.screenshot({ path: path.join(out, "hub-catalog.png"), fullPage: false });
        return { tiles };
    });

    await check("filtered-get", async () => {
        await page.getByRole("link", { name: "API_BUSINESS_PARTNER", exact: true }).click();
        await page.waitForURL(url => url.pathname === "/hub/services/API_BUSINESS_PARTNER");
        // The entity sets are listed beside the methods; picking one shows its methods.
        await page.getByRole("navigation", { name: "Entity sets and operations" }).getByRole("link", { name: "A_BusinessPartner", exact: true }).click();
        assert(await page.locator("#set-A_BusinessPartner").isVisible(), "A_BusinessPartner is not shown");
        assert(!await page.locator("#set-A_AddressEmailAddress").isVisible(), "another entity set is shown too");
        const result = await tryOut(page, "A-BusinessPartner-list", async method => {
            await method.getByLabel("$filter").fill("BusinessPartnerCategory eq '2'");
            await method.getByLabel("$select").fill("BusinessPartner,BusinessPartnerFullName,BusinessPartnerCategory");
            await method.getByLabel("$top").fill("3");
            await method.getByLabel("$inlinecount").selectOption("allpages");
        });
        assert(result.status === 200, `status ${result.status}: ${result.body}`);
        const body = JSON.parse(result.body);
        assert(body.d.results.length > 0 && body.d.results.length <= 3, `${body.d.results.length} results`);
        assert(body.d.results.every(r => r.BusinessPartnerCategory === "2"), "the filter was not applied");
        assert(Number(body.d.__count) >= body.d.results.length, "no inline count");
        await result.method.scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(out, "hub-try-out-get.png"), fullPage: false });
        // The whole page from the header down to the first lines of the response: the README's picture of the hub.
        await page.evaluate(() => window.scrollTo(0, 0));
        const response = await result.method.locator(".response-body").evaluate(e => e.getBoundingClientRect().top + window.scrollY);
        await page.screenshot({ path: path.join(out, "hub-service.png"), fullPage: true, clip: { x: 0, y: 0, width: 1366, height: Math.round(response + 320) } });
        return { results: body.d.results.length, count: body.d.__count };
    });

    await check("post-with-csrf", async () => {
        // A link to a method opens it.
        await page.goto(origin + "/hub/services/CloudIntegration#StringParameters-create");
        assert(await page.locator("details#StringParameters-create").evaluate(d => d.open), "the linked method is not open");
        const id = "hub-" + Date.now();
        const result = await tryOut(page, "StringParameters-create", async method => {
            await method.getByLabel("JSON body (an example built from the model)")
                .fill(JSON.stringify({ Pid: "HubPartner", Id: id, Value: "set in the API hub" }, null, 2));
        });
        assert(result.status === 201, `status ${result.status}: ${result.body}`);
        assert(result.steps.length === 2 && result.steps[0].includes("X-CSRF-Token: Fetch") && /→ 200, X-CSRF-Token: \S{10,}/.test(result.steps[0]),
            `the CSRF step is not shown: ${result.steps.join(" | ")}`);
        assert(JSON.parse(result.body).d.Id === id, result.body);
        await result.method.scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(out, "hub-try-out-post.png"), fullPage: false });
        // The entity is there for a plain read with Basic credentials too.
        return { id, steps: result.steps };
    });

    await check("history-and-curl", async () => {
        const entries = await page.locator("#history li").allTextContents();
        assert(entries.length >= 2, `history: ${entries.join(" | ")}`);
        assert(entries[0].includes("POST") && entries[0].includes("/api/v1/StringParameters") && entries[0].includes("201"), `latest: ${entries[0]}`);
        assert(entries[1].includes("GET") && entries[1].includes("A_BusinessPartner"), `earlier: ${entries[1]}`);
        await page.locator("#history li").first().getByRole("button", { name: "copy as curl" }).click();
        const curl = await page.locator("#history li pre.curl").first().textContent();
        assert(curl.includes("X-CSRF-Token: Fetch") && curl.includes("-X POST") && curl.includes(origin + "/api/v1/StringParameters"), curl);
        return { curl };
    });

    await check("keyboard", async () => {
        // The methods open from the keyboard: focus a summary and press Enter.
        const summary = page.locator("details#StringParameters-list summary");
        await summary.focus();
        await page.keyboard.press("Enter");
        assert(await page.locator("details#StringParameters-list").evaluate(d => d.open), "Enter did not open the method");
        return {};
    });

    await check("bound-action", async () => {
        // An action bound to the sales order entity, listed with its set: the key goes before its qualified name and
        // its parameters into the body; the page fetches the CSRF token first, as for any change.
        await page.goto(origin + "/hub/services/CE_SALESORDER_0001?path=" + encodeURIComponent("/odata/v4/CE_SALESORDER_0001/") + "#SalesOrder-op-UpdatePrices");
        const result = await tryOut(page, "SalesOrder-op-UpdatePrices", async method => {
            await method.getByLabel(/^SalesOrder/).fill("0000001000");
            await method.getByLabel("JSON body (an example built from the model)").fill(JSON.stringify({ PricingType: "B" }));
        });
        assert(result.status === 204, `status ${result.status}: ${result.body}`);
        assert(result.steps.length === 2 && result.steps[1].includes("/SalesOrder('0000001000')/com.sap.gateway.srvd_a2x.api_salesorder.v0001.UpdatePrices"),
            result.steps.join(" | "));
        return { steps: result.steps };
    });

    await check("environment", async () => {
        // Another system, stored on the environments page: here this sandbox itself, reached through the pass-through.
        await page.goto(origin + "/hub/environments");
        await page.getByLabel("Name").fill("self");
        await page.getByLabel(/^Base URL/).fill(origin + "/sap/opu/odata/sap/API_BUSINESS_PARTNER/");
        await page.getByLabel("User").fill("sandbox");
        await page.getByLabel("Password").fill("sandbox");
        await page.getByRole("button", { name: "Save environment" }).click();
        await page.waitForURL(url => url.pathname === "/hub/environments");
        // The same system with a wrong password: its 401 shows that the call went with the stored credentials.
        await page.getByLabel("Name").fill("locked");
        await page.getByLabel(/^Base URL/).fill(origin + "/sap/opu/odata/sap/API_BUSINESS_PARTNER/");
        await page.getByLabel("User").fill("sandbox");
        await page.getByLabel("Password").fill("not-the-password");
        await page.getByRole("button", { name: "Save environment" }).click();
        await page.waitForURL(url => url.pathname === "/hub/environments");
        const statuses = {};
        for (const environment of ["self", "locked"]) {
            await page.goto(origin + "/hub/services/API_BUSINESS_PARTNER#A-BusinessPartner-list");
            await page.locator("#environment").selectOption(environment);
            const result = await tryOut(page, "A-BusinessPartner-list", async method => {
                await method.getByLabel("$top").fill("2");
                await method.getByLabel("$select").fill("BusinessPartner");
            });
            statuses[environment] = result.status;
            if (environment === "self") assert(result.status === 200 && JSON.parse(result.body).d.results.length === 2, `self: ${result.status} ${result.body}`);
        }
        assert(statuses.locked === 401, `the environment with a wrong password answered ${statuses.locked}`);
        return statuses;
    });

    await check("environment-curl", async () => {
        // Copy as curl for a call through an environment addresses the environment itself with a placeholder for its
        // secret, and works when run with that secret set: a read, a create with its CSRF fetch, and OAuth.
        const service = origin + "/sap/opu/odata/sap/API_BUSINESS_PARTNER/";
        await page.goto(origin + "/hub/environments");
        await page.getByLabel("Name").fill("oauth-self");
        await page.getByLabel(/^Base URL/).fill(service);
        await page.getByLabel("Authentication").selectOption("OAuthClientCredentials");
        await page.getByLabel("Token URL").fill(origin + "/oauth/token");
        await page.getByLabel("Client id").fill("sandbox");
        await page.getByLabel("Client secret").fill("sandbox");
        await page.getByRole("button", { name: "Save environment" }).click();
        await page.waitForURL(url => url.pathname === "/hub/environments");

        async function copied(environment, methodId, fill) {
            await page.goto(origin + "/hub/services/API_BUSINESS_PARTNER#" + methodId);
            await page.locator("#environment").selectOption(environment);
            const method = page.locator(`details#${methodId}`);
            await fill(method);
            // The copy shows after the clipboard has answered: a block left from an earlier copy would be read instead.
            await method.locator(".curl-block").evaluateAll(blocks => blocks.forEach(block => block.remove()));
            await method.getByRole("button", { name: "Copy as curl" }).click();
            return await method.locator("pre.curl").textContent();
        }
        function run(command, variables) {
            const folder = fs.mkdtempSync(path.join(os.tmpdir(), "hub-curl-"));
            try {
                return execFileSync("bash", ["-c", command], { cwd: folder, env: { ...process.env, ...variables }, encoding: "utf8", timeout: 30000 });
            } finally {
                fs.rmSync(folder, { recursive: true, force: true });
            }
        }
        const statusOf = output => Number(/^HTTP\/[\d.]+ (\d{3})/m.exec(output)?.[1]);

        const read = await copied("self", "A-BusinessPartner-list", async method => {
            await method.getByLabel("$top").fill("1");
            await method.getByLabel("$select").fill("BusinessPartner");
        });
        assert(read.includes(`'${service}A_BusinessPartner?`) && read.includes("$top=1") && read.includes("$select=BusinessPartner")
            && !read.includes("/hub/environments/"), read);
        assert(read.includes(`-u "sandbox:$PASSWORD"`) && !read.includes("sandbox:sandbox"), read);
        assert(statusOf(run(read, { PASSWORD: "sandbox" })) === 200, "the copied read did not answer 200: " + read);

        const create = await copied("self", "A-BusinessPartner-create", async method => {
            await method.getByLabel("JSON body (an example built from the model)")
                .fill(JSON.stringify({ BusinessPartnerCategory: "1", FirstName: "Ada", LastName: "Curl" }));
        });
        assert(create.includes(`-H 'X-CSRF-Token: Fetch' -o /dev/null -D - '${service}'`) && create.includes(`-X POST -H "X-CSRF-Token: $TOKEN"`)
            && create.includes(`'${service}A_BusinessPartner'`), create);
        const created = run(create, { PASSWORD: "sandbox" });
        assert(statusOf(created) === 201 && created.includes("Curl"), "the copied create did not answer 201: " + created);

        const oauth = await copied("oauth-self", "A-BusinessPartner-list", async method => {
            await method.getByLabel("$top").fill("1");
        });
        assert(oauth.includes(`'${origin}/oauth/token'`) && oauth.includes(`"sandbox:$CLIENT_SECRET"`) && oauth.includes(`-H "Authorization: Bearer $ACCESS_TOKEN"`)
            && oauth.includes(`'${service}A_BusinessPartner?`) && oauth.includes("$top=1"), oauth);
        assert(statusOf(run(oauth, { CLIENT_SECRET: "sandbox" })) === 200, "the copied OAuth read did not answer 200: " + oauth);

        // The history keeps the environment: its copy addresses the environment too.
        const result = await tryOut(page, "A-BusinessPartner-list", async () => {});
        assert(result.status === 200, `oauth-self: ${result.status} ${result.body}`);
        await page.locator("#history li").first().getByRole("button", { name: "copy as curl" }).click();
        const fromHistory = await page.locator("#history li pre.curl").first().textContent();
        assert(fromHistory.includes("Bearer $ACCESS_TOKEN") && fromHistory.includes(`'${service}A_BusinessPartner?`),
            `history: ${(await page.locator("#history li").allTextContents()).slice(0, 3).join(" | ")}; copied: ${fromHistory}`);
        return { read, create, oauth };
    });

    await check("environment-edit", async () => {
        // Edited in place: the name stays, a new password replaces the stored one, an empty one keeps it.
        async function edit(name, fill) {
            await page.goto(origin + "/hub/environments");
            await page.getByRole("link", { name: "Edit " + name, exact: true }).click();
            await page.waitForURL(url => url.searchParams.get("edit") === name);
            assert(await page.getByLabel("Name").inputValue() === name && await page.getByLabel("Name").getAttribute("readonly") !== null, "the name is not fixed");
            assert(await page.getByLabel(/^Password/).inputValue() === "", "a password came back to the page");
            await fill();
            await page.getByRole("button", { name: "Save environment" }).click();
            await page.waitForURL(url => url.pathname === "/hub/environments" && url.searchParams.get("added") === name);
        }
        async function statusThrough(name) {
            await page.goto(origin + "/hub/services/API_BUSINESS_PARTNER#A-BusinessPartner-list");
            await page.locator("#environment").selectOption(name);
            return (await tryOut(page, "A-BusinessPartner-list", async method => await method.getByLabel("$top").fill("1"))).status;
        }
        await edit("locked", async () => await page.getByLabel(/^Password/).fill("sandbox"));
        const locked = await statusThrough("locked");
        assert(locked === 200, `the corrected environment answered ${locked}`);
        const v2 = origin + "/odata/v2/API_BUSINESS_PARTNER/";
        await edit("self", async () => await page.getByLabel(/^Base URL/).fill(v2));
        const self = await statusThrough("self");
        assert(self === 200, `the environment with its kept password answered ${self}`);
        assert((await page.locator("#environment option[value=self]").getAttribute("data-base-url")) === v2, "the new URL is not used");
        return { locked, self };
    });

    await check("no-page-errors", async () => {
        assert(pageErrors.length === 0, pageErrors.join(" | "));
        return {};
    });
} finally {
    await browser.close();
}
process.exit(failed ? 1 : 0);
