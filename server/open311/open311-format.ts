/**
 * Open311 GeoReport v2 wire formats: the same data as JSON or as the XML the specification shows (arrays become
 * repeated elements named by their item name), the error list both ways, and the format chosen by the path's
 * extension (.json or .xml; none means JSON). Pure.
 */
export type Open311Format = 'json' | 'xml';

export type Open311Value = string | number | boolean | null | Open311Value[] | { [key: string]: Open311Value };

/** Element names of the items of arrays, by the array's own name. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

export function splitFormat(pathname: string): { path: string; format: Open311Format } {
  const match = /^(.*)\.(json|xml)$/.exec(pathname);
  return match ? { path: match[1], format: match[2] as Open311Format } : { path: pathname, format: 'json' };
}

const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

function element(name: string, value: Open311Value): string {
  if (value === null) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The body in the requested format; `root` names the outer element in XML (e.g. "services"). */
export function render(format: Open311Format, root: string, data: Open311Value): { contentType: string; body: string } {
  if (format === 'json') return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(data) };
  return { contentType: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="utf-8"?>${element(root, data)}` };
}

/** The specification's error list: [{ code, description }] / <errors><error>…</error></errors>. */
export function renderErrors(format: Open311Format, status: number, description: string) {
  return render(format, 'errors', [{ code: status, description }]);
}
