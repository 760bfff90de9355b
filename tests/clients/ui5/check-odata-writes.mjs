// Changes data through SAP UI5's own models in headless Chromium, the way a Fiori app does:
//   sap.ui.model.odata.v2.ODataModel: a list read with $inlinecount and $expand, then createEntry, setProperty and
//     remove, each sent by submitChanges in a $batch changeset with the CSRF token and the entity's ETag (If-Match),
//     and an update with a stale ETag refused with 412;
//   sap.ui.model.odata.v4.ODataModel: a list binding with $count, $filter, $orderby and $expand, a read by key, and
//     create, create in an entity's navigation, update and delete, each sent by submitBatch, with the stale-ETag 412.
// Every change is checked against what the sandbox then answers to a plain GET.
//
// usage: node check-odata-writes.mjs <sandbox base URL> <user> <password> <v2|v4>|<service path>|<profile>...
//   options: --chromium=/usr/bin/chromium
// Prints one JSON line per check ({service, check, ok, detail} or {..., ok: false, error}); exits 1 when any failed.
import { startPageServer, openPage } from "./page-server.mjs";

const options = Object.fromEntries(process.argv.slice(2).filter(a => a.startsWith("--")).map(a => {
    const [name, ...value] = a.slice(2).split("=");
    return [name, value.join("=")];
}));
const [base, user, password, ...specs] = process.argv.slice(2).filter(a => !a.startsWith("--"));
if (!base || user === undefined || password === undefined || specs.length === 0) {
    console.error("usage: node check-odata-writes.mjs <base URL> <user> <password> <v2|v4>|<service path>|<profile>...");
    process.exit(2);
}

// What the checks create and change in each service; property names as the service's metadata has them.
const salesOrder = { SalesOrderType: "OR", SalesOrganization: "1010", DistributionChannel: "10", OrganizationDivision: "00", SoldToParty: "1000001" };
const profiles = {
    API_SALES_ORDER_SRV: {
        set: "A_SalesOrder", key: "SalesOrder", expand: "to_Item", create: salesOrder,
        change: "PurchaseOrderByCustomer", values: ["PO-UI5-1", "PO-UI5-2"],
    },
    CE_SALESORDER_0001: {
        // Its metadata says OData 4.01, so the app's manifest says so too ("odataVersion": "4.01"), as SAP Fiori tools
        // write it; UI5 refuses a 4.01 document to a model left at 4.0.
        odataVersion: "4.01",
        set: "SalesOrder", key: "SalesOrder", expand: "_Item", filter: "SalesOrganization", create: salesOrder,
        change: "PurchaseOrderByCustomer", values: ["PO-UI5-1", "PO-UI5-2"],
        // S/4HANA Cloud deletes no sales order through this API (DeleteRestrictions), only its items.
        child: { navigation: "_Item", create: { Product: "TG21", RequestedQuantity: "2" } }, deletes: "item",
    },
    SHOP_SRV: {
        set: "Orders", key: "ID", expand: "Items", filter: "Currency",
        create: { Customer: "Kestrel Motors", Amount: "120.50", Currency: "EUR" },
        change: "Customer", values: ["Heron Foods", "Osprey Tools"],
        child: { navigation: "Items", create: { Product: "TG21", Quantity: 2 } }, deletes: "entity",
    },
};

// Runs in the page: window.checkV2(service) and window.checkV4(service) resolve with one result per check.
function inPage() {
    function describe(error) {
        if (!error) return "unknown error";
        const parts = [error.message || String(error)];
        const status = error.statusCode ?? error.status;
        if (status !== undefined) parts.push(`HTTP ${status} ${error.statusText || ""}`.trim());
        if (error.url || error.requestUri) parts.push(`url ${error.url || error.requestUri}`);
        const body = error.responseText ?? error.error?.message;
        if (body) parts.push(`response ${String(body).slice(0, 1500)}`);
        return parts.join("; ");
    }

    function expect(condition, message) {
        if (!condition) throw new Error(message);
    }

    async function runChecks(checks) {
        const results = [];
        for (const [name, run] of checks) {
            try {
                results.push({ check: name, ok: true, detail: (await run()) ?? null });
            } catch (error) {
                results.push({ check: name, ok: false, error: error instanceof Error ? error.message : describe(error) });
            }
        }
        return results;
    }

    /** What the sandbox answers to a plain GET, past every model cache. */
    async function server(url) {
        const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
        const body = response.status === 200 ? await response.json() : null;
        return { status: response.status, entity: body && (body.d ?? body), etag: response.headers.get("ETag") };
    }

    // ---- V2 -------------------------------------------------------------------------------------------------------
    window.checkV2 = async service => {
        const ODataModel = ui5["sap/ui/model/odata/v2/ODataModel"];
        const s = service.profile;
        // UI5's defaults: $batch, JSON, a CSRF token fetched before the first change.
        const model = new ODataModel(service.path);
        model.setDeferredGroups(["changes", "stale"]);
        const read = (path, urlParameters) => new Promise((resolve, reject) => model.read(path, {
            urlParameters, success: data => resolve(data), error: error => reject(new Error(`read ${path}: ${describe(error)}`)),
        }));
        /** submitChanges resolves with the $batch answer; a failed change inside it is reported by its own error handler. */
        const submit = groupId => new Promise((resolve, reject) => model.submitChanges({
            groupId, success: data => resolve(data), error: error => reject(new Error(`submitChanges: ${describe(error)}`)),
        }));
        const changeStatuses = data => (data.__batchResponses || []).flatMap(part =>
            part.__changeResponses ? part.__changeResponses.map(r => Number(r.statusCode)) : [Number(part.response?.statusCode ?? 0)]);
        let path, staleETag;
        try {
            await model.metadataLoaded(true);
            return await runChecks([
                ["list with $inlinecount and $expand", async () => {
                    const list = await read("/" + s.set, { $top: "3", $inlinecount: "allpages", $expand: s.expand });
                    expect(list.results.length === 3, `${list.results.length} entries`);
                    expect(Number(list.__count) >= 3, `__count ${list.__count}`);
                    expect(list.results.every(e => Array.isArray(e[s.expand]?.results)), `${s.expand} was not expanded`);
                    return { count: Number(list.__count) };
                }],
                ["create through $batch (createEntry, submitChanges)", async () => {
                    let failure;
                    const context = model.createEntry("/" + s.set, { properties: s.create, groupId: "changes", error: e => failure = e });
                    const data = await submit("changes");
                    if (failure) throw new Error(`the create failed: ${describe(failure)}`);
                    expect(changeStatuses(data).join() === "201", `changeset answered ${changeStatuses(data)}`);
                    path = context.getPath();
                    const created = await server(service.path + path.slice(1));
                    expect(created.status === 200, `GET ${path} after the create: ${created.status}`);
                    return { path, etag: created.entity.__metadata.etag };
                }],
                ["update through $batch with If-Match (setProperty, submitChanges)", async () => {
                    expect(path, "nothing was created");
                    await read(path);
                    staleETag = model.getObject(path).__metadata.etag;
                    expect(staleETag, "the model holds no ETag for the entity");
                    let failure;
                    model.setProperty(path + "/" + s.change, s.values[0]);
                    const data = await new Promise((resolve, reject) => model.submitChanges({
                        groupId: "changes", success: resolve, error: e => reject(new Error(`submitChanges: ${describe(e)}`)),
                    }));
                    const statuses = changeStatuses(data);
                    expect(statuses.length > 0 && statuses.every(code => code === 204), `changeset answered ${statuses}: ${JSON.stringify(data.__batchResponses).slice(0, 1500)}`);
                    const after = await server(service.path + path.slice(1));
                    expect(after.entity[s.change] === s.values[0], `${s.change} reads ${after.entity[s.change]}`);
                    expect(after.entity.__metadata.etag !== staleETag, "the ETag did not change");
                    return { etagBefore: staleETag, etagAfter: after.entity.__metadata.etag };
                }],
                ["update with a stale ETag refused with 412", async () => {
                    expect(staleETag, "nothing was updated");
                    const status = await new Promise((resolve, reject) => {
                        model.update(path, { [s.change]: s.values[1] }, {
                            groupId: "stale", eTag: staleETag,
                            success: () => reject(new Error("the stale update was accepted")),
                            error: error => resolve(Number(error.statusCode)),
                        });
                        model.submitChanges({ groupId: "stale" });
                    });
                    expect(status === 412, `answered ${status}`);
                    const after = await server(service.path + path.slice(1));
                    expect(after.entity[s.change] === s.values[0], "the stale update changed the entity");
                    return { status };
                }],
                ["delete through $batch with If-Match (remove, submitChanges)", async () => {
                    expect(path, "nothing was created");
                    await read(path);
                    await new Promise((resolve, reject) => {
                        model.remove(path, { groupId: "changes", success: resolve, error: e => reject(new Error(`remove: ${describe(e)}`)) });
                        model.submitChanges({ groupId: "changes" });
                    });
                    const after = await server(service.path + path.slice(1));
                    expect(after.status === 404, `GET ${path} after the delete: ${after.status}`);
                    return { deleted: path };
                }],
            ]);
        } finally {
            model.destroy();
        }
    };

    // ---- V4 -------------------------------------------------------------------------------------------------------
    window.checkV4 = async service => {
        const ODataModel = ui5["sap/ui/model/odata/v4/ODataModel"];
        const Filter = ui5["sap/ui/model/Filter"];
        const Sorter = ui5["sap/ui/model/Sorter"];
        const s = service.profile;
        // Changes wait in the group "changes" until submitBatch sends them in one $batch.
        const model = new ODataModel({
            serviceUrl: service.path, updateGroupId: "changes", operationMode: "Server", odataVersion: s.odataVersion ?? "4.0",
        });
        const messages = () => ui5["sap/ui/core/Messaging"].getMessageModel().getData().map(m => m.getMessage());
        let firstKey, created, staleContext, child;
        const keyOf = context => context.getPath().slice(context.getPath().indexOf("("));
        try {
            return await runChecks([
                ["list binding with $count, $filter, $orderby and $expand", async () => {
                    // Filtered on the value the first entity has, so that the check holds for any demo data.
                    const first = model.bindList("/" + s.set, undefined, [new Sorter(s.key)]);
                    const value = (await first.requestContexts(0, 1))[0].getProperty(s.filter);
                    first.destroy();
                    const list = model.bindList("/" + s.set, undefined, [new Sorter(s.key)], [new Filter(s.filter, "EQ", value)],
                        { $count: true, $expand: s.expand });
                    const contexts = await list.requestContexts(0, 3);
                    const count = await list.getHeaderContext().requestProperty("$count");
                    expect(contexts.length === Math.min(3, count), `${contexts.length} contexts of ${count}`);
                    expect(count >= 1, `$count ${count}`);
                    const keys = contexts.map(c => c.getProperty(s.key));
                    expect(JSON.stringify(keys) === JSON.stringify([...keys].sort((a, b) => a < b ? -1 : a > b ? 1 : 0)), `not in order: ${keys}`);
                    expect(contexts.every(c => c.getProperty(s.filter) === value), "the filter was not applied");
                    expect(contexts.every(c => Array.isArray(c.getObject()[s.expand])), `${s.expand} was not expanded`);
                    firstKey = keyOf(contexts[0]);
                    list.destroy();
                    return { filter: `${s.filter} eq ${value}`, count, keys };
                }],
                ["read by key with $expand", async () => {
                    expect(firstKey, "the list read failed");
                    const binding = model.bindContext(`/${s.set}${firstKey}`, undefined, { $expand: s.expand });
                    const object = await binding.getBoundContext().requestObject();
                    expect(object["@odata.etag"], "no ETag");
                    expect(Array.isArray(object[s.expand]), `${s.expand} was not expanded`);
                    binding.destroy();
                    return { key: firstKey, etag: object["@odata.etag"], items: object[s.expand].length };
                }],
                ["create through submitBatch", async () => {
                    const list = model.bindList("/" + s.set);
                    created = list.create(s.create);
                    await model.submitBatch("changes");
                    await created.created();
                    const after = await server(service.path + created.getPath().slice(1));
                    expect(after.status === 200, `GET ${created.getPath()} after the create: ${after.status}`);
                    return { path: created.getPath(), etag: after.entity["@odata.etag"] };
                }],
                ["update through submitBatch with If-Match", async () => {
                    expect(created, "nothing was created");
                    // A second view of the entity, read now: its ETag goes stale with the update below.
                    const staleBinding = model.bindContext(created.getPath(), undefined, { $$updateGroupId: "stale" });
                    staleContext = staleBinding.getBoundContext();
                    const before = await staleContext.requestObject();
                    const update = created.setProperty(s.change, s.values[0]);
                    await model.submitBatch("changes");
                    await update;
                    const after = await server(service.path + created.getPath().slice(1));
                    expect(after.entity[s.change] === s.values[0], `${s.change} reads ${after.entity[s.change]}`);
                    expect(after.entity["@odata.etag"] !== before["@odata.etag"], "the ETag did not change");
                    return { etagBefore: before["@odata.etag"], etagAfter: after.entity["@odata.etag"] };
                }],
                ["update with a stale ETag refused with 412", async () => {
                    expect(staleContext, "nothing was updated");
                    const update = staleContext.setProperty(s.change, s.values[1]);
                    await model.submitBatch("stale");
                    let status;
                    try {
                        await update;
                    } catch (error) {
                        status = error.status;
                    }
                    if (status === undefined) {
                        // UI5 keeps a failed change for a retry and reports it as a message rather than rejecting.
                        const text = messages().join(" | ");
                        expect(/changed since it was read|412|Precondition/i.test(text), `the stale update was not refused; messages: ${text}`);
                        status = 412;
                    }
                    expect(status === 412, `answered ${status}`);
                    model.resetChanges("stale");
                    const after = await server(service.path + created.getPath().slice(1));
                    expect(after.entity[s.change] === s.values[0], "the stale update changed the entity");
                    return { status };
                }],
                // After the updates: creating an item moves its document's ETag on, as SAP's items carry their header's.
                ["create in a navigation through submitBatch", async () => {
                    expect(created, "nothing was created");
                    const items = model.bindList(`${created.getPath()}/${s.child.navigation}`);
                    child = items.create(s.child.create);
                    await model.submitBatch("changes");
                    await child.created();
                    const after = await server(`${service.path}${created.getPath().slice(1)}/${s.child.navigation}`);
                    expect(after.status === 200 && after.entity.value.length === 1, `the entity has ${after.entity?.value?.length} items`);
                    return { path: child.getPath() };
                }],
                ["delete through submitBatch", async () => {
                    // The item first; then the entity, where the service allows it (the item referred to it).
                    const targets = s.deletes === "entity" ? [child, created] : [child];
                    expect(targets.every(Boolean), "nothing was created");
                    const deleted = [];
                    for (const target of targets) {
                        const path = target.getPath();
                        const deletion = target.delete("changes");
                        await model.submitBatch("changes");
                        await deletion;
                        const after = await server(service.path + path.slice(1));
                        expect(after.status === 404, `GET ${path} after the delete: ${after.status}`);
                        deleted.push(path);
                    }
                    return { deleted };
                }],
            ]);
        } finally {
            model.destroy();
        }
    };
}

const modules = [
    "sap/ui/model/odata/v2/ODataModel", "sap/ui/model/odata/v4/ODataModel", "sap/ui/model/Filter", "sap/ui/model/Sorter",
    "sap/ui/core/Messaging",
];
const pageServer = await startPageServer(base, inPage, modules);
let failed = false;
let page;
try {
    page = await openPage(options.chromium || "/usr/bin/chromium", pageServer.origin, { user, password });
    for (const spec of specs) {
        const [protocol, servicePath, profileName] = spec.split("|");
        const service = { path: servicePath, profile: profiles[profileName] };
        if (!service.profile) throw new Error(`no profile ${profileName}`);
        pageServer.requests.length = 0;
        const results = await page.tab.evaluate(([p, s]) => p === "v2" ? window.checkV2(s) : window.checkV4(s), [protocol, service]);
        // What went over the wire: changes in $batch with a CSRF token (UI5 fetches one with HEAD, or when a $batch is
        // answered 403 "X-CSRF-Token: Required"), and If-Match on the updates and deletes.
        const batches = pageServer.requests.filter(r => r.method === "POST" && r.url.includes("$batch"));
        const accepted = batches.filter(r => r.status < 400);
        results.push({
            check: "sent as SAP systems expect ($batch with a CSRF token, If-Match)",
            ok: accepted.length > 0 && accepted.every(r => r.csrfToken && r.csrfToken.toLowerCase() !== "fetch")
                && accepted.some(r => /if-match:/i.test(r.body)),
            detail: {
                csrfFetch: pageServer.requests.filter(r => r.csrfToken?.toLowerCase() === "fetch").map(r => `${r.method} ${r.url} -> ${r.status}`),
                batches: batches.length,
                ifMatch: batches.filter(r => /if-match:/i.test(r.body)).length,
                failed: pageServer.requests.filter(r => r.status >= 400).map(r => `${r.method} ${r.url} -> ${r.status}`),
            },
        });
        for (const result of results) {
            if (!result.ok) failed = true;
            console.log(JSON.stringify({ service: `${protocol}|${servicePath}`, ...result }));
        }
    }
    if (page.pageErrors.length) console.error("page errors: " + page.pageErrors.join(" | "));
} catch (error) {
    failed = true;
    console.error(error.stack || String(error));
} finally {
    if (page) await page.browser.close();
    pageServer.close();
}
process.exit(failed ? 1 : 0);
