// Loads OData V2 services into SAP UI5's own sap.ui.model.odata.v2.ODataModel, in headless Chromium, the way a
// Fiori app would: metadata first, then a list read with $top/$inlinecount/$expand, then one entity by its key.
//
// usage: node check-odata-model.mjs <sandbox base URL> <user> <password> <service path>|<entity set>[|<navigation to expand>]...
//   options: --settings=explicit,defaults   which model settings to try (both unless given):
//              explicit: an Authorization header and json in the model's settings, one GET per read (useBatch off);
//              defaults: new ODataModel(url) alone, so reads go through $batch and the browser answers the logon
//            --chromium=/usr/bin/chromium
//
// The page and UI5 come from a small local server that also forwards every other path to the sandbox, so the
// page and the services share one origin, as they do behind an app router or the Fiori launchpad.
// Prints one JSON line per service and settings; exits 1 with UI5's own error message when any check fails.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
// UI5's npm packages ship their sources under src/; that folder is what /resources/ serves.
const resources = path.join(here, "..", "node_modules", "@openui5", "sap.ui.core", "src");

const options = Object.fromEntries(process.argv.slice(2).filter(a => a.startsWith("--")).map(a => {
    const [name, ...value] = a.slice(2).split("=");
    return [name, value.join("=")];
}));
const [base, user, password, ...specs] = process.argv.slice(2).filter(a => !a.startsWith("--"));
if (!base || user === undefined || password === undefined || specs.length === 0) {
    console.error("usage: node check-odata-model.mjs <base URL> <user> <password> <service path>|<entity set>[|<expand>]...");
    process.exit(2);
}
const settingsToTry = (options.settings || "explicit,defaults").split(",");
const executablePath = options.chromium || "/usr/bin/chromium";
if (!fs.existsSync(executablePath)) {
    console.error(`Chromium is not installed at ${executablePath}: apt-get install chromium`);
    process.exit(3);
}
const target = new URL(base);
const services = specs.map(spec => {
    const [servicePath, entitySet, expand] = spec.split("|");
    return { servicePath, entitySet, expand: expand || null };
});

const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<script id="sap-ui-bootstrap" src="/resources/sap-ui-core.js"
    data-sap-ui-async="true" data-sap-ui-compat-version="edge" data-sap-ui-theme="none"></script>
<script src="/check.js"></script>
</head><body></body></html>`;

// Runs in the page. Exposes window.check(service, settings, credentials), resolved with the findings; every UI5
// error is caught and returned with the message, URL and response body UI5 reported.
function inPage() {
    window.ui5Ready = new Promise((resolve, reject) => {
        const started = Date.now();
        (function waitForLoader() {
            if (window.sap && sap.ui && sap.ui.require) {
                sap.ui.require(["sap/ui/core/Core", "sap/ui/model/odata/v2/ODataModel", "sap/base/Log"],
                    (Core, ODataModel, Log) => Core.ready().then(() => resolve({ ODataModel, Log })), reject);
            } else if (Date.now() - started > 20000) {
                reject(new Error("UI5's loader did not start"));
            } else {
                setTimeout(waitForLoader, 20);
            }
        })();
    });

    function describe(error) {
        if (!error) return "unknown error";
        const parts = [error.message || String(error)];
        if (error.statusCode !== undefined) parts.push(`HTTP ${error.statusCode} ${error.statusText || ""}`.trim());
        if (error.url || error.requestUri) parts.push(`url ${error.url || error.requestUri}`);
        if (error.responseText) parts.push(`response ${String(error.responseText).slice(0, 2000)}`);
        return parts.join("; ");
    }

    function read(model, path, urlParameters) {
        return new Promise((resolve, reject) => model.read(path, {
            urlParameters,
            success: (data, response) => resolve({ data, response }),
            error: error => reject(new Error(`read ${path} failed: ${describe(error)}`)),
        }));
    }

    window.check = async (service, settings, credentials) => {
        const { ODataModel, Log } = await window.ui5Ready;
        const logged = [];
        const listener = { onLogEntry: entry => { if (entry.level <= Log.Level.ERROR) logged.push(`${entry.message} ${entry.details || ""}`.trim()); } };
        Log.addLogListener(listener);
        const result = { service: service.servicePath, entitySet: service.entitySet, settings, metadata: false };
        let model;
        try {
            model = settings === "explicit"
                ? new ODataModel(service.servicePath, {
                    headers: { Authorization: "Basic " + btoa(credentials.user + ":" + credentials.password) },
                    json: true,
                    useBatch: false,
                })
                // What an app gets with no settings at all: $batch, and the browser's own logon.
                : new ODataModel(service.servicePath);

            await new Promise((resolve, reject) => {
                model.attachMetadataFailed(event => reject(new Error(`metadata failed: ${describe(event.getParameters())}`)));
                model.metadataLoaded(true).then(resolve, error => reject(new Error(`metadata failed: ${describe(error)}`)));
            });
            const entitySets = (model.getServiceMetadata().dataServices.schema || [])
                .flatMap(schema => schema.entityContainer || [])
                .flatMap(container => container.entitySet || []);
            if (!entitySets.some(set => set.name === service.entitySet))
                throw new Error(`the metadata has no entity set ${service.entitySet}`);
            result.metadata = true;

            const urlParameters = { $top: "3", $inlinecount: "allpages" };
            if (service.expand) urlParameters.$expand = service.expand;
            const list = await read(model, "/" + service.entitySet, urlParameters);
            const results = list.data.results || [];
            result.count = list.data.__count === undefined ? null : Number(list.data.__count);
            result.results = results.length;
            if (results.length === 0) throw new Error(`${service.entitySet} returned no entries`);
            if (service.expand) {
                const expanded = results[0][service.expand];
                // A collection comes as {results: [...]}, a single entity as itself, a missed expansion as __deferred.
                const entries = expanded && !expanded.__deferred ? expanded.results ?? [expanded] : null;
                if (!Array.isArray(entries))
                    throw new Error(`${service.expand} was not expanded inline: ${JSON.stringify(expanded)}`);
                result.expanded = entries.length;
            }

            result.key = model.createKey(service.entitySet, results[0]);
            result.keyFromUri = model.getKey(results[0]);
            const single = await read(model, "/" + result.key);
            if (!single.data || !single.data.__metadata) throw new Error(`read /${result.key} returned no entity`);
            result.keyRead = model.getKey(single.data) === result.keyFromUri;
            if (!result.keyRead)
                throw new Error(`read /${result.key} returned ${model.getKey(single.data)}, expected ${result.keyFromUri}`);
        } catch (error) {
            result.error = error.message;
        } finally {
            Log.removeLogListener(listener);
            if (model) model.destroy();
        }
        result.ui5Errors = logged;
        return result;
    };
}

const failedRequests = [];
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
        return response.end(`(${inPage})();`);
    }
    if (url.pathname.startsWith("/resources/")) {
        const file = path.join(resources, decodeURIComponent(url.pathname.slice("/resources/".length)));
        if (!file.startsWith(resources + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
            response.writeHead(404);
            return response.end();
        }
        const types = { ".js": "text/javascript", ".json": "application/json", ".css": "text/css", ".xml": "application/xml" };
        response.writeHead(200, { "Content-Type": (types[path.extname(file)] || "text/plain") + "; charset=utf-8" });
        return fs.createReadStream(file).pipe(response);
    }
    // Everything else belongs to the sandbox. The Host header stays the page's, as behind a reverse proxy that
    // preserves it, so the absolute URIs in __metadata name the page's origin.
    const upstream = http.request({
        host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers,
    }, answer => {
        if (answer.statusCode >= 400) failedRequests.push(`${request.method} ${request.url} -> ${answer.statusCode}`);
        response.writeHead(answer.statusCode, answer.headers);
        answer.pipe(response);
    });
    upstream.on("error", error => {
        failedRequests.push(`${request.method} ${request.url} -> ${error.message}`);
        response.writeHead(502);
        response.end(error.message);
    });
    request.pipe(upstream);
});
await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

let browser;
let failed = false;
try {
    browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"], timeout: 30000 });
    for (const settings of settingsToTry) {
        // The default-settings model has no credentials of its own; the browser answers the logon challenge.
        const context = await browser.newContext(settings === "explicit" ? {} : { httpCredentials: { username: user, password } });
        const tab = await context.newPage();
        const pageErrors = [];
        tab.on("pageerror", error => pageErrors.push(error.message));
        await tab.goto(origin + "/");
        await tab.waitForFunction(() => window.check !== undefined);
        try {
            await tab.evaluate(() => window.ui5Ready.then(() => true));
        } catch (error) {
            throw new Error(`UI5 did not start: ${error.message}; page errors: ${pageErrors.join(" | ")}`);
        }
        for (const service of services) {
            failedRequests.length = 0;
            const result = await tab.evaluate(([s, m, c]) => window.check(s, m, c), [service, settings, { user, password }]);
            if (result.error) {
                failed = true;
                result.failedRequests = [...failedRequests];
            }
            console.log(JSON.stringify(result));
        }
        await context.close();
    }
} catch (error) {
    failed = true;
    console.error(error.stack || String(error));
} finally {
    if (browser) await browser.close();
    server.close();
}
process.exit(failed ? 1 : 0);
