// Generates SAP Cloud SDK clients from metadata files, as a developer runs `generate-odata-client`, and transpiles
// them to CommonJS for node.
//
// usage: node generate.cjs <in folder> <out folder> [<options-per-service.json>]
//
// The generator's own --transpile type-checks every file with tsc (15 s for one S/4 service); the checks only need
// JavaScript, so each file is transpiled on its own (typescript's transpileModule), which takes well under a second.
const fs = require("node:fs");
const path = require("node:path");
const { generate } = require("@sap-cloud-sdk/generator");
const ts = require("typescript");

async function main() {
    const [input, outputDir, optionsPerService] = process.argv.slice(2);
    if (!input || !outputDir) {
        console.error("usage: node generate.cjs <in folder> <out folder> [<options-per-service.json>]");
        process.exit(2);
    }
    await generate({
        input,
        outputDir,
        optionsPerService,
        skipValidation: true,
        overwrite: true,
        transpile: false,
        readme: false,
        packageJson: false,
    });
    let files = 0;
    for (const file of walk(outputDir)) {
        if (!file.endsWith(".ts") || file.endsWith(".d.ts")) continue;
        const output = ts.transpileModule(fs.readFileSync(file, "utf8"), {
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
            fileName: file,
        });
        fs.writeFileSync(file.slice(0, -3) + ".js", output.outputText);
        files++;
    }
    console.log(`transpiled ${files} files`);
}

function* walk(folder) {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) yield* walk(full);
        else yield full;
    }
}

main().catch(error => {
    console.error(error.stack || String(error));
    process.exit(1);
});
