// Loads OData V2 services into SAP UI5's own sap.ui.model.odata.v2.ODataModel, in headless Chromium, the way a
// Fiori app would: metadata first, then a list read with $top/$inlinecount/$expand, then one entity by its key.
//
// usage: node check-odata-model.mjs <sandbox base URL> <user> <password> <service path>|<entity set>[|<navigation to expand>]...
//   options: --settings=explicit,defaults   which model settings to try (both unless given):
//              explicit: an Authorization header and json in the model's settings, one GET per read (useBatch off);
//              defaults: new ODataModel(url) alone, so reads go through $batch and the browser answers the logon
//            --chromium=/usr/bin/chromium
//
// The page and UI5 come from page-server.mjs, which also forwards every other path to the sandbox, so the page and
// the services share one origin, as they do behind an app router or the Fiori launchpad.
// Prints one JSON line per service and settings; exits 1 with UI5's own error message when any check fails.

import { startPageServer, launchChromium, openTab } from "./page-server.mjs";

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
const services = specs.map(spec => {
    const [servicePath, entitySet, expand] = spec.split("|");
    return { servicePath, entitySet, expand: expand || null };
});

// Runs in the page. Exposes window.check(service, settings, credentials), resolved with the findings; every UI5
// error is caught and returned with the message, URL and response body UI5 reported.
function inPage() {
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
        const ui5 = await window.ui5Ready;
        const ODataModel = ui5["sap/ui/model/odata/v2/ODataModel"];
        const Log = ui5["sap/base/Log"];
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

const pageServer = await startPageServer(base, inPage, ["sap/ui/model/odata/v2/ODataModel", "sap/base/Log"]);

let browser;
let failed = false;
try {
    browser = await launchChromium(executablePath);
    for (const settings of settingsToTry) {
        // The default-settings model has no credentials of its own; the browser answers the logon challenge.
        const { context, tab } = await openTab(browser, pageServer.origin, settings === "explicit" ? null : { user, password });
        for (const service of services) {
            pageServer.requests.length = 0;
            const result = await tab.evaluate(([s, m, c]) => window.check(s, m, c), [service, settings, { user, password }]);
            if (result.error) {
                failed = true;
                result.failedRequests = pageServer.requests.filter(r => r.status >= 400).map(r => `${r.method} ${r.url} -> ${r.status}`);
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
    pageServer.close();
}
process.exit(failed ? 1 : 0);
