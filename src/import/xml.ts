/** An element of an XML part (a DOCX's word/document.xml): its name with prefix, attributes, children. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );

/**
 * The elements of an XML document as Office writes it: tags, attributes, text; declarations, comments and processing
 * instructions skipped. Enough for OOXML parts, not a general XML parser (no DTDs).
 */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#root', attrs: {}, children: [] };
  const stack = [root];
  const tag = /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!--[^]*?-->|<\?[^]*?\?>|<!\[CDATA\[([^]*?)\]\]>|<![^>]*>/g;
  let at = 0;
  for (const m of xml.matchAll(tag)) {
    const text = xml.slice(at, m.index);
    if (text) stack[stack.length - 1].children.push(decode(text));
    at = m.index + m[0].length;
    if (m[5] !== undefined) stack[stack.length - 1].children.push(m[5]);
    if (!m[2]) continue;
    if (m[1]) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of m[3].matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = decode(a[2] ?? a[3]);
    const el: XmlElement = { name: m[2], attrs, children: [] };
    stack[stack.length - 1].children.push(el);
    if (!m[4]) stack.push(el);
  }
  return root;
}

export const elements = (e: XmlElement, name?: string): XmlElement[] => e.children.filter((c): c is XmlElement => typeof c !== 'string' && (!name || c.name === name));
export const first = (e: XmlElement | undefined, name: string): XmlElement | undefined => e && elements(e, name)[0];
