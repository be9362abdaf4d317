const escape = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A self-contained HTML page listing the API's operations from the OpenAPI document: no scripts,
 * no CDN (the server may run on a closed network).
 */
export function renderDocsPage(doc: Record<string, any>): string {
  const rows: string[] = [];
  for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<Record<string, any>>(ops)) {
      const params = (op.parameters ?? []).map((p: any) => `<code>${escape(p.in === 'path' ? `{${p.name}}` : `?${p.name}`)}</code>`).join(' ');
      const body = op.requestBody?.content?.['application/json']?.schema?.$ref?.split('/').pop();
      rows.push(
        `<tr><td class="m ${escape(method)}">${escape(method.toUpperCase())}</td><td><code>${escape(path)}</code></td>` +
          `<td>${escape(op.summary)}${params ? `<br><small>${params}</small>` : ''}${body ? `<br><small>body: <a href="#${escape(body)}">${escape(body)}</a></small>` : ''}</td>` +
          `<td><code>${escape(op['x-riposte-permission'])}</code></td></tr>`,
      );
    }
  }
  const schemas = Object.entries<Record<string, any>>(doc.components?.schemas ?? {})
    .map(([name, s]) => `<details id="${escape(name)}"><summary><code>${escape(name)}</code></summary><pre>${escape(JSON.stringify(s, null, 2))}</pre></details>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(doc.info?.title)} API</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;max-width:70rem;color:#1b1f24}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
.m{font-weight:600;font-family:monospace}.get{color:#0a6}.post{color:#06c}.patch,.put{color:#a60}.delete{color:#c33}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:30rem}
</style></head><body>
<h1>${escape(doc.info?.title)} <small>${escape(doc.info?.version)}</small></h1>
<p>Send <code>Authorization: Bearer &lt;key&gt;</code>. Errors are <code>{"error": {"code", "message", "field"}}</code>.
The machine-readable document is at <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th><th>Permission</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
<h2>Schemas</h2>
${schemas}
</body></html>
`;
}
