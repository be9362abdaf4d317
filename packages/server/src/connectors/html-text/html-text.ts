/**
 * Turns the HTML playbooks handle (chat messages, mail bodies: <p>, <br>, <b>, <a>, lists, tables,
 * entities) into text. Two styles: `markdown`, the subset adaptive card TextBlocks render (chat), and
 * `plain`, text with no markup at all (the Content Conversion connector's "Html to text"). Not a
 * general HTML parser: unknown tags are dropped, their text kept; scripts, styles and the head go.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export type TextStyle = 'markdown' | 'plain';

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function link(style: TextStyle, label: string, href: string): string {
  if (style === 'markdown') return `[${label}](${href})`;
  const text = label.replace(/<[^>]*>/g, '').trim();
  return text === '' || text === href ? href : `${label} (${href})`;
}

/**
 * Text of an HTML fragment in the given style (default `markdown`); text without tags or entities
 * comes back unchanged.
 */
export function htmlToText(html: string, style: TextStyle = 'markdown'): string {
  if (!/[<&]/.test(html)) return html;
  const strong = style === 'markdown' ? '**' : '';
  const em = style === 'markdown' ? '_' : '';
  const text = html
    .replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|tr|table|ul|ol)\s*>/gi, '\n\n')
    .replace(/<li\b[^>]*>/gi, '- ')
    .replace(/<\/li\s*>/gi, '\n')
    .replace(/<\/t[dh]\s*>/gi, style === 'plain' ? '\t' : '$&')
    .replace(/<\/?(b|strong)\b[^>]*>/gi, strong)
    .replace(/<\/?(i|em)\b[^>]*>/gi, em)
    .replace(/<a\b[^>]*\bhref\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a\s*>/gi, (_m, _q, d: string | undefined, s: string | undefined, label: string) => link(style, label, d ?? s ?? ''))
    .replace(/<\/?[a-z][a-z0-9-]*\b[^>]*>/gi, '');
  return tidy(decodeEntities(text));
}

/** The whitespace clean-up every conversion ends with: no trailing blanks on a line, at most one empty line, trimmed. */
export function tidy(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
