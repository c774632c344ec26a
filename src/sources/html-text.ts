import { parseHTML } from 'linkedom';

/** Elements whose content is never article text. */
const skipped = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'SVG', 'OBJECT', 'EMBED', 'FORM', 'BUTTON', 'SELECT', 'FIGCAPTION', 'HEAD']);

/** Elements that end a paragraph before and after themselves. */
const blocks = new Set([
  'P', 'DIV', 'LI', 'UL', 'OL', 'DL', 'DT', 'DD', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'SECTION',
  'ARTICLE', 'HEADER', 'FOOTER', 'ASIDE', 'NAV', 'MAIN', 'FIGURE', 'TABLE', 'TR', 'HR', 'ADDRESS', 'CENTER', 'DETAILS', 'SUMMARY',
]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
}

/** Collects text, breaking paragraphs at block elements and <br><br>; whitespace collapses as a browser shows it. */
function collect(root: DomNode): string[] {
  const paragraphs: string[] = [];
  let current = '';
  let breaks = 0;
  const flush = () => {
    const text = current.replace(/[ \t\n\r\f]+/g, ' ').trim();
    if (text !== '') paragraphs.push(text);
    current = '';
    breaks = 0;
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      const text = node.textContent ?? '';
      if (text.trim() !== '') breaks = 0;
      current += text;
      return;
    }
    if (node.nodeType !== 1) return;
    const name = node.nodeName.toUpperCase();
    if (skipped.has(name)) return;
    if (name === 'BR') {
      breaks += 1;
      // One <br> is a line break inside a paragraph; two in a row are how many feeds separate paragraphs.
      if (breaks >= 2) flush();
      else current += ' ';
      return;
    }
    const block = blocks.has(name);
    if (block) flush();
    // Sibling links, not childNodes: linkedom builds a fresh childNodes array on every access.
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return paragraphs;
}

/**
 * Item HTML (an RSS description, content:encoded, Atom html/xhtml content, JSON Feed content_html) as paragraphs of
 * plain text, with entities decoded, through a real HTML parser. Plain text with blank lines is split on them.
 */
export function htmlToParagraphs(html: string): string[] {
  if (!/[<&]/.test(html)) {
    return html
      .split(/\r?\n\s*\r?\n/)
      .map((part) => part.replace(/\s+/g, ' ').trim())
      .filter((part) => part !== '');
  }
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
  return collect(document.body as unknown as DomNode);
}

/** A title that may hold markup or entities ("A &amp; B", "<b>Live</b>: …") as one line of text. */
export function htmlToLine(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, ' ').trim();
  return htmlToParagraphs(html).join(' ');
}

/** Plain text (JSON Feed content_text) as paragraphs: split on blank lines, else on single line breaks. */
export function textToParagraphs(text: string): string[] {
  const byBlank = text.split(/\r?\n\s*\r?\n/);
  const parts = byBlank.length > 1 ? byBlank : text.split(/\r?\n/);
  return parts.map((part) => part.replace(/\s+/g, ' ').trim()).filter((part) => part !== '');
}
