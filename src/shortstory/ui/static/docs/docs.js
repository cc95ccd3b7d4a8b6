// Renders /api/v1/openapi.json as a readable page. Everything is built with DOM nodes and
// textContent, never innerHTML, so nothing in the spec can inject markup.
(function () {
  "use strict";

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    (children || []).forEach((c) => node.append(typeof c === "string" ? document.createTextNode(c) : c));
    return node;
  }

  function refName(schema) {
    return schema && schema.$ref ? schema.$ref.split("/").pop() : null;
  }

  function schemaLink(schema) {
    const name = refName(schema);
    if (name) return el("a", { href: "#schema-" + name }, [name]);
    return el("code", {}, [JSON.stringify(schema || {})]);
  }

  function operation(path, method, op) {
    const id = "op-" + method + "-" + path.replace(/[^a-z0-9]+/gi, "-");
    const box = el("section", { class: "op", id: id }, [
      el("h3", {}, [el("span", { class: "method " + method }, [method.toUpperCase()]), " " + path]),
      el("p", {}, [op.summary || ""]),
    ]);
    const params = op.parameters || [];
    if (params.length) {
      const rows = params.map((p) => el("tr", {}, [
        el("td", {}, [el("code", {}, [p.name])]), el("td", {}, [p.in]),
        el("td", {}, [p.required ? "required" : "optional"]),
        el("td", {}, [p.description || JSON.stringify(p.schema || {})]),
      ]));
      box.append(el("h4", {}, ["Parameters"]), el("table", {}, rows));
    }
    if (op.requestBody) {
      const schema = op.requestBody.content["application/json"].schema;
      box.append(el("p", {}, ["Body (application/json): ", schemaLink(schema)]));
    }
    const responses = Object.entries(op.responses || {}).map(([status, r]) => {
      const content = r.content && Object.values(r.content)[0];
      return el("tr", {}, [el("td", {}, [status]), el("td", {}, [r.description || ""]),
        el("td", {}, [content ? schemaLink(content.schema) : ""])]);
    });
    box.append(el("h4", {}, ["Responses"]), el("table", {}, responses));
    return { box: box, id: id };
  }

  function render(spec) {
    document.getElementById("title").textContent = spec.info.title + " " + spec.info.version;
    document.getElementById("description").textContent = spec.info.description || "";
    const main = document.getElementById("operations");
    main.textContent = "";
    const toc = el("ul");
    Object.entries(spec.paths).forEach(([path, methods]) => {
      Object.entries(methods).forEach(([method, op]) => {
        const rendered = operation(path, method, op);
        main.append(rendered.box);
        toc.append(el("li", {}, [el("a", { href: "#" + rendered.id }, [method.toUpperCase() + " " + path])]));
      });
    });
    document.getElementById("toc").append(toc);
    const schemas = document.getElementById("schemas");
    Object.entries(spec.components.schemas || {}).forEach(([name, schema]) => {
      schemas.append(el("details", { id: "schema-" + name }, [
        el("summary", {}, [name]), el("pre", {}, [JSON.stringify(schema, null, 2)]),
      ]));
    });
    document.getElementById("schemas-section").hidden = false;
  }

  fetch("openapi.json", { headers: { Accept: "application/json" } })
    .then((r) => r.json())
    .then(render)
    .catch((e) => { document.getElementById("operations").textContent = "Could not load the spec: " + e; });
})();
