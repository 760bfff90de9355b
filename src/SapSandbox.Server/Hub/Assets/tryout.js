// Try out on a service page of the API hub: builds each method's request from its form, sends it from this page
// (same origin, with the hub sign-in cookie), fetches a CSRF token before a change, and shows the response.
(() => {
  "use strict";
  const model = JSON.parse(document.getElementById("service-model").textContent);
  const v2 = model.protocol === "V2";
  const base = model.basePath; // ends with "/"
  const historyKey = "sapsandbox-hub-history";
  // Another environment than this sandbox: the same request through the hub's pass-through, whose URL stands for
  // that environment's service root.
  const environment = document.getElementById("environment");
  const via = url => environment && environment.value
    ? "/hub/environments/" + encodeURIComponent(environment.value) + "/call/" + url.slice(base.length) : url;
  // The chosen environment as its option describes it (name, base URL, kind of sign-in, user or client id; never
  // the secret), for copy as curl to address the environment itself; null for this sandbox.
  function selectedEnvironment() {
    const option = environment && environment.value ? environment.selectedOptions[0] : null;
    if (!option) return null;
    const { baseUrl, auth, user, tokenUrl } = option.dataset;
    return { name: option.value, baseUrl, auth, user, tokenUrl: tokenUrl || undefined };
  }

  // A value as an OData URL literal of its type (key predicates, function parameters).
  function literal(value, type) {
    if (value === "") return "";
    switch (type) {
      case "Edm.String":
        return /^'.*'$/.test(value) ? value : "'" + value.replace(/'/g, "''") + "'";
      case "Edm.Guid":
        return v2 && !/^guid'/.test(value) ? "guid'" + value + "'" : value;
      case "Edm.Decimal":
        return v2 && !/M$/i.test(value) ? value + "M" : value;
      case "Edm.Int64":
        return v2 && !/L$/i.test(value) ? value + "L" : value;
      case "Edm.DateTimeOffset":
      case "Edm.Date":
        if (!v2 || /^datetime/.test(value)) return value;
        return "datetime'" + (value.length === 10 ? value + "T00:00:00" : value.replace(/Z$/, "")) + "'";
      case "Edm.TimeOfDay":
        return v2 && !/^time'/.test(value) ? "time'" + value + "'" : value;
      default:
        return value;
    }
  }

  // The field says its type; the page model's table is the fallback for pages rendered before fields did.
  const typeOf = (target, name, input) => (input && input.dataset.type) || model.types[target + "/" + name] || "Edm.String";
  const parts = (form, part) => [...form.querySelectorAll(`[data-part="${part}"]`)];

  function parseHeaders(text) {
    const headers = {};
    for (const line of text.split("\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
    return headers;
  }

  // The request a form describes: method, URL (relative to this origin), headers and body.
  function build(form) {
    const method = form.closest(".method");
    const kind = method.dataset.kind, verb = method.dataset.verb, target = method.dataset.target;
    // An operation bound to the set or to one of its entities: its qualified name follows the set or the key.
    const segment = method.dataset.segment;
    let path = base + target;
    const query = [];
    if (kind === "entity" || kind === "update" || kind === "delete" || (segment && parts(form, "key").length > 0)) {
      const keys = parts(form, "key").map(input => [input.dataset.name, literal(input.value.trim(), typeOf(target, input.dataset.name, input))]);
      const missing = keys.filter(([, value]) => value === "").map(([name]) => name);
      if (missing.length) throw new Error("Enter the key: " + missing.join(", "));
      path += "(" + (keys.length === 1 ? encodeURIComponent(keys[0][1]) : keys.map(([n, v]) => n + "=" + encodeURIComponent(v)).join(",")) + ")";
    }
    if (segment) path += "/" + segment;
    const parameters = parts(form, "param").filter(input => input.value.trim() !== "")
      .map(input => [input.dataset.name, literal(input.value.trim(), typeOf(target, input.dataset.name, input))]);
    if (kind === "function") {
      if (v2) parameters.forEach(([n, v]) => query.push(n + "=" + encodeURIComponent(v)));
      else path += "(" + parameters.map(([n, v]) => n + "=" + encodeURIComponent(v)).join(",") + ")";
    }
    for (const input of parts(form, "query")) {
      const value = input.value.trim();
      if (value !== "") query.push(input.dataset.name + "=" + encodeURIComponent(value));
    }
    const headers = parseHeaders(parts(form, "headers")[0]?.value || "");
    const bodyField = parts(form, "body")[0];
    let body;
    if (bodyField) {
      body = bodyField.value;
      try { JSON.parse(body); } catch (e) { throw new Error("The body is not valid JSON: " + e.message); }
      if (!Object.keys(headers).some(h => h.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json";
    }
    return { method: verb, url: path + (query.length ? "?" + query.join("&") : ""), headers, body };
  }

  const hasHeader = (headers, name) => Object.keys(headers).some(h => h.toLowerCase() === name.toLowerCase());

  async function fetchToken() {
    const started = performance.now();
    const response = await fetch(via(base), { headers: { "X-CSRF-Token": "Fetch", Accept: "application/json" }, credentials: "same-origin" });
    return { status: response.status, token: response.headers.get("X-CSRF-Token"), ms: Math.round(performance.now() - started) };
  }

  function prettyXml(xml) {
    let depth = 0;
    return xml.replace(/>\s*</g, ">\n<").split("\n").map(line => {
      if (/^<\//.test(line)) depth = Math.max(depth - 1, 0);
      const out = "  ".repeat(depth) + line;
      if (/^<[^!?\/][^>]*[^\/]>$/.test(line) && !/<\/[^>]+>$/.test(line)) depth++;
      return out;
    }).join("\n");
  }

  function pretty(text, type) {
    if (!text) return "(no body)";
    try {
      if (/json/i.test(type)) return JSON.stringify(JSON.parse(text), null, 2);
      if (/xml/i.test(type)) return prettyXml(text);
    } catch { /* shown as it came */ }
    return text;
  }

  const shell = s => "'" + String(s).replace(/'/g, "'\\''") + "'";
  // Text followed by a shell variable the person sets themselves ("sandbox:$PASSWORD"): the secret is never printed.
  const withVariable = (text, variable) => /^[A-Za-z0-9._@:\/-]*$/.test(text) ? `"${text}$${variable}"` : `${shell(text)}"$${variable}"`;

  // How curl signs in where the request goes: this sandbox as the signed-in user (curl asks for the password), an
  // environment with its user and a $PASSWORD, or with a token its client fetches first with $CLIENT_SECRET.
  function signIn(target) {
    if (!target) return { auth: "-u " + shell(model.user || "sandbox"), lines: [] };
    if (target.auth === "OAuthClientCredentials") {
      return {
        auth: `-H "Authorization: Bearer $ACCESS_TOKEN"`,
        lines: [
          `# Set CLIENT_SECRET to the secret of the client ${target.user} of the environment ${target.name} first.`,
          `ACCESS_TOKEN=$(curl -s -u ${withVariable(target.user + ":", "CLIENT_SECRET")} -d grant_type=client_credentials ${shell(target.tokenUrl)} | sed -E 's/.*"access_token" *: *"([^"]+)".*/\\1/')`,
        ],
      };
    }
    return {
      auth: "-u " + withVariable(target.user + ":", "PASSWORD"),
      lines: [`# Set PASSWORD to the password of ${target.user} in the environment ${target.name} first.`],
    };
  }

  // The same request for a terminal, sent where Try out sent it: to this sandbox, or to the environment's own URL
  // (not through the hub). A change fetches the CSRF token with a cookie jar first, as SAP's clients do it.
  function curl(request) {
    const target = request.environment;
    const root = request.base || base;
    const address = path => shell(target ? target.baseUrl + path.slice(root.length) : location.origin + path);
    const { auth, lines } = signIn(target);
    const url = address(request.url);
    const headers = Object.entries(request.headers).filter(([n]) => n.toLowerCase() !== "x-csrf-token")
      .map(([n, v]) => " -H " + shell(n + ": " + v)).join("");
    if (request.method === "GET") return [...lines, `curl -i ${auth}${headers} ${url}`].join("\n");
    const fetchLine = `TOKEN=$(curl -s ${auth} -c cookies.txt -H 'X-CSRF-Token: Fetch' -o /dev/null -D - ${address(root)} | tr -d '\\r' | awk 'tolower($1)=="x-csrf-token:" {print $2}')`;
    const body = request.body !== undefined ? " --data-binary " + shell(request.body) : "";
    return [...lines, fetchLine, `curl -i ${auth} -b cookies.txt -X ${request.method} -H "X-CSRF-Token: $TOKEN"${headers}${body} ${url}`].join("\n");
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([n, v]) => node.setAttribute(n, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showError(area, message) {
    area.hidden = false;
    area.replaceChildren(element("p", { class: "error-text", role: "alert" }, message));
  }

  async function execute(form) {
    const area = form.querySelector(".response");
    let request;
    try { request = build(form); } catch (e) { showError(area, e.message); return; }
    area.hidden = false;
    area.replaceChildren(element("p", { class: "muted" }, "Sending " + request.method + " " + request.url + " …"));
    const steps = [];
    try {
      if (request.method !== "GET" && !hasHeader(request.headers, "X-CSRF-Token")) {
        const fetched = await fetchToken();
        steps.push(`1. GET ${base} with X-CSRF-Token: Fetch → ${fetched.status}, X-CSRF-Token: ${fetched.token ?? "(none)"} (${fetched.ms} ms)`);
        if (fetched.token) request.headers["X-CSRF-Token"] = fetched.token;
        steps.push(`2. ${request.method} ${request.url} with X-CSRF-Token: ${fetched.token ?? "(none)"}`);
      }
      const started = performance.now();
      const response = await fetch(via(request.url), { method: request.method, headers: request.headers, body: request.body, credentials: "same-origin" });
      const text = await response.text();
      const ms = Math.round(performance.now() - started);
      render(area, request, response, text, ms, steps);
      remember({ at: new Date().toISOString(), service: model.service, base, environment: selectedEnvironment() || undefined,
        method: request.method, url: request.url, status: response.status, ms,
        headers: request.headers, body: request.body && request.body.length < 20000 ? request.body : undefined });
    } catch (e) {
      showError(area, "The request failed: " + e.message);
    }
  }

  function render(area, request, response, text, ms, steps) {
    const nodes = [];
    if (steps.length) {
      nodes.push(element("h3", {}, "CSRF token"));
      steps.forEach(step => nodes.push(element("div", { class: "step" }, step)));
    }
    const ok = response.status < 400;
    const status = element("p", { class: "status " + (ok ? "ok" : "error"), "data-status": response.status },
      `${response.status} ${response.statusText}`);
    status.append(element("span", { class: "muted" }, ` · ${ms} ms · ${request.method} ${request.url}`));
    nodes.push(element("h3", {}, "Response"), status);
    const headerText = [...response.headers.entries()].map(([n, v]) => n + ": " + v).join("\n");
    const headerBlock = element("details", {});
    headerBlock.append(element("summary", {}, "Response headers"), element("pre", { class: "headers" }, headerText));
    nodes.push(headerBlock);
    nodes.push(element("pre", { class: "response-body", tabindex: "0", "aria-label": "Response body" }, pretty(text, response.headers.get("Content-Type") || "")));
    area.replaceChildren(...nodes);
  }

  function history() {
    try { return JSON.parse(sessionStorage.getItem(historyKey) || "[]"); } catch { return []; }
  }

  function remember(entry) {
    const entries = [entry, ...history()].slice(0, 50);
    sessionStorage.setItem(historyKey, JSON.stringify(entries));
    showHistory();
  }

  function showHistory() {
    const list = document.getElementById("history");
    const entries = history();
    document.getElementById("history-empty").hidden = entries.length > 0;
    list.replaceChildren(...entries.map(entry => {
      const item = element("li", {});
      item.append(element("span", { class: "verb " + entry.method }, entry.method), " ",
        element("span", { class: "path" }, entry.url), " ",
        ...(entry.environment ? [element("span", { class: "badge" }, "in " + entry.environment.name), " "] : []),
        element("span", { class: "status " + (entry.status < 400 ? "ok" : "error") }, String(entry.status)),
        element("span", { class: "muted" }, ` ${entry.ms} ms · ${new Date(entry.at).toLocaleTimeString()} `));
      const copy = element("button", { type: "button", class: "link" }, "copy as curl");
      copy.addEventListener("click", () => copyCurl(curl(entry), item));
      item.append(copy);
      return item;
    }));
  }

  async function copyCurl(text, near) {
    let copied = false;
    try { await navigator.clipboard.writeText(text); copied = true; } catch { /* shown below for copying by hand */ }
    let block = near.querySelector(":scope > .curl-block");
    if (!block) {
      block = element("div", { class: "curl-block" });
      near.append(block);
    }
    block.replaceChildren(element("p", { class: "muted", role: "status" }, copied ? "Copied to the clipboard:" : "Copy this command:"),
      element("pre", { class: "curl" }, text));
  }

  for (const form of document.querySelectorAll("form.tryout")) {
    form.addEventListener("submit", event => { event.preventDefault(); execute(form); });
    form.querySelector('[data-action="curl"]').addEventListener("click", () => {
      try { copyCurl(curl({ ...build(form), environment: selectedEnvironment() }), form); } catch (e) { showError(form.querySelector(".response"), e.message); }
    });
    form.querySelector('[data-action="clear"]').addEventListener("click", () => {
      const area = form.querySelector(".response");
      area.hidden = true;
      area.replaceChildren();
      form.querySelector(":scope > .curl-block")?.remove();
    });
  }

  document.getElementById("history-clear").addEventListener("click", () => { sessionStorage.removeItem(historyKey); showHistory(); });

  const filter = document.getElementById("set-filter");
  filter.addEventListener("input", () => {
    const term = filter.value.toLowerCase();
    for (const item of document.querySelectorAll("#set-list li")) item.hidden = term !== "" && !item.textContent.toLowerCase().includes(term);
  });

  // As SAP's API hub does, one entity set (or the CSRF fetch, or the operations) at a time: the one the address
  // names (#set-..., or a method's #id inside it, which opens too), else the first. Without the script all are shown.
  const sections = [...document.querySelectorAll(".api-section")];
  function select() {
    const named = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const section = (named && named.closest(".api-section")) || sections.find(s => s.id !== "csrf") || sections[0];
    sections.forEach(s => { s.hidden = s !== section; });
    for (const link of document.querySelectorAll("#set-list a")) {
      const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      link.setAttribute("aria-current", target && target.closest(".api-section") === section ? "true" : "false");
    }
    if (named && named.tagName === "DETAILS") named.open = true;
  }
  window.addEventListener("hashchange", select);
  select();
  showHistory();
})();
