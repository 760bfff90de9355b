// The sandbox's OpenAPI documents in two tools other than the one that writes them: SwaggerParser (@apidevtools),
// which validates a document against the OpenAPI 3.0 schema and its own rules, and Redocly's linter with its
// "recommended" rules (what `redocly lint` runs).
//
// usage: node validate-openapi.mjs <sandbox base URL> <user> <password> <document path>...
// Prints one JSON line per document ({"document":path,"ok":bool,"errors":[...],"warnings":{rule:count}}); exits 1 when one fails.
// A document fails on any SwaggerParser error, any Redocly error, and an example that does not fit its own schema.

import SwaggerParser from "@apidevtools/swagger-parser";
import { createConfig, lintFromString } from "@redocly/openapi-core";

const [base, user, password, ...documents] = process.argv.slice(2);
const origin = base.replace(/\/$/, "");
const authorization = "Basic " + Buffer.from(`${user}:${password}`).toString("base64");
// Style advice that says nothing about whether a tool can read the document stays a warning, counted in the report.
const mustPass = new Set(["no-invalid-schema-examples", "no-invalid-media-type-examples", "no-invalid-parameter-examples"]);
const config = await createConfig({ extends: ["recommended"] });
let failed = false;

for (const document of documents) {
    const errors = [];
    const warnings = {};
    try {
        const response = await fetch(origin + document, { headers: { Authorization: authorization, Accept: "application/json" } });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`${response.status}: ${text.slice(0, 300)}`);
        try {
            // validate() dereferences the document it is given, so it gets a copy of its own.
            await SwaggerParser.validate(JSON.parse(text));
        } catch (error) {
            errors.push("swagger-parser: " + error.message.slice(0, 2000));
        }
        const problems = await lintFromString({ source: text, absoluteRef: origin + document, config });
        for (const problem of problems) {
            if (problem.severity === "error" || mustPass.has(problem.ruleId)) {
                if (errors.length < 20) errors.push(`redocly ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`);
                else if (errors.length === 20) errors.push("…");
            } else warnings[problem.ruleId] = (warnings[problem.ruleId] || 0) + 1;
        }
    } catch (error) {
        errors.push(error.message);
    }
    if (errors.length > 0) failed = true;
    console.log(JSON.stringify({ document, ok: errors.length === 0, errors, warnings }));
}
process.exit(failed ? 1 : 0);
