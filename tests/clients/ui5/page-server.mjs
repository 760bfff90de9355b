// A page with UI5 from npm (@openui5/sap.ui.core's src/ as /resources/) on a small local server that forwards every
// other path to the sandbox, so the page and the services share one origin, as behind an app router or the Fiori
// launchpad; and headless Chromium (Debian's build, through playwright-core) to open it.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const resources = path.join(here, "..", "node_modules", "@openui5", "sap.ui.core", "src");
const types = { ".js": "text/javascript", ".json": "application/json", ".css": "text/css", ".xml": "application/xml" };

/**
 * Starts the page server. `script` is the page's own code; `modules` the UI5 modules it needs, handed to it as
 * window.ui5 (by module name) once UI5's core is ready. Every request forwarded to the sandbox is recorded in
 * `requests` ({method, url, status, csrfToken, body} with the body of $batch requests), so a check can say what the
 * client sent.
 */
export async function startPageServer(sandbox, script, modules) {
    const target = new URL(sandbox);
    const requests = [];
    const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<script id="sap-ui-bootstrap" src="/resources/sap-ui-core.js"
    data-sap-ui-async="true" data-sap-ui-compat-version="edge" data-sap-ui-theme="none"></script>
<script>
window.ui5Ready = new Promise((resolve, reject) => {
    const started = Date.now();
    (function waitForLoader() {
        if (window.sap && sap.ui && sap.ui.require) {
            const names = ${JSON.stringify(["sap/ui/core/Core", ...modules])};
            sap.ui.require(names, (Core, ...loaded) => Core.ready().then(() => {
                window.ui5 = Object.fromEntries(names.slice(1).map((name, i) => [name, loaded[i]]));
                resolve(window.ui5);
            }), reject);
        } else if (Date.now() - started > 20000) {
            reject(new Error("UI5's loader did not start"));
        } else {
            setTimeout(waitForLoader, 20);
        }
    })();
});
</script>
<script src="/check.js"></script>
</head><body></body></html>`;

    const server = http.createServer((request, response) => {
        const url = new URL(request.url, "http://page");
        if (url.pathname === "/") {
            response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
            return response.end(page);
        }
        if (url.pathname === "/favicon.ico") {
            response.writeHead(204);
            return response.end();
        }
        if (url.pathname === "/check.js") {
            response.writeHead(200, { "Content-Type": "text/javascript" });
            return response.end(`(${script})();`);
        }
        if (url.pathname.startsWith("/resources/")) {
            const file = path.join(resources, decodeURIComponent(url.pathname.slice("/resources/".length)));
            if (!file.startsWith(resources + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
                response.writeHead(404);
                return response.end();
            }
            response.writeHead(200, { "Content-Type": (types[path.extname(file)] || "text/plain") + "; charset=utf-8" });
            return fs.createReadStream(file).pipe(response);
        }
        // The Host header stays the page's, as behind a reverse proxy that preserves it.
        const chunks = [];
        request.on("data", chunk => chunks.push(chunk));
        request.on("end", () => {
            const body = Buffer.concat(chunks);
            const record = {
                method: request.method, url: request.url, status: 0, csrfToken: request.headers["x-csrf-token"] ?? null,
                body: url.pathname.endsWith("$batch") ? body.toString("utf8") : "",
            };
            requests.push(record);
            const upstream = http.request({
                host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers,
            }, answer => {
                record.status = answer.statusCode;
                response.writeHead(answer.statusCode, answer.headers);
                // UI5_TRACE=1 prints what went over the wire in $batch, for finding what a client and the sandbox disagree on.
                if (process.env.UI5_TRACE && record.body) {
                    const answered = [];
                    answer.on("data", chunk => answered.push(chunk));
                    answer.on("end", () => console.error(`>>> ${record.method} ${record.url}\n${record.body}\n<<< ${answer.statusCode}\n${Buffer.concat(answered)}`));
                }
                answer.pipe(response);
            });
            upstream.on("error", error => {
                record.status = 502;
                response.writeHead(502);
                response.end(error.message);
            });
            upstream.end(body);
        });
    });
    await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
    return { origin: `http://127.0.0.1:${server.address().port}`, requests, close: () => server.close() };
}

/** Headless Chromium with the browser's own logon answering the sandbox's Basic challenge, as a user's would. */
export async function openPage(executablePath, origin, credentials) {
    const browser = await launchChromium(executablePath);
    try {
        return { browser, ...await openTab(browser, origin, credentials) };
    } catch (error) {
        await browser.close();
        throw error;
    }
}

/** Headless Chromium (Debian's build); one browser can hold several tabs with logons of their own. */
export async function launchChromium(executablePath) {
    if (!fs.existsSync(executablePath)) throw new Error(`Chromium is not installed at ${executablePath}: apt-get install chromium`);
    return chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"], timeout: 30000 });
}

/**
 * A tab in a context of its own on the page, once UI5 has started. With `credentials` the browser answers the
 * sandbox's Basic challenge; without, the page's code must send its own Authorization header.
 */
export async function openTab(browser, origin, credentials) {
    const context = await browser.newContext(credentials
        ? { httpCredentials: { username: credentials.user, password: credentials.password } } : {});
    const tab = await context.newPage();
    const pageErrors = [];
    tab.on("pageerror", error => pageErrors.push(error.message));
    try {
        await tab.goto(origin + "/");
        await tab.waitForFunction(() => window.ui5Ready !== undefined);
        await tab.evaluate(() => window.ui5Ready.then(() => true));
    } catch (error) {
        await context.close();
        throw new Error(`UI5 did not start: ${error.message}; page errors: ${pageErrors.join(" | ")}`);
    }
    return { context, tab, pageErrors };
}
