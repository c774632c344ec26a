import { Parser } from 'htmlparser2';

/** Elements whose content is never article text. */
const skipped = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'object', 'embed', 'form', 'button', 'select', 'figcaption', 'head']);

/** Elements that end a paragraph before and after themselves. */
const blocks = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'section',
  'article', 'header', 'footer', 'aside', 'nav', 'main', 'figure', 'table', 'tr', 'hr', 'address', 'center', 'details', 'summary',
]);

/**
 * Collects text from the parser's events as it reads, breaking paragraphs at block elements and <br><br>; whitespace
 * collapses as a browser shows it. The events arrive in the order a walk of the parsed tree would visit its nodes
 * (the parser closes implied and unclosed elements itself), so no tree is built.
 */
class ParagraphCollector {
  paragraphs: string[] = [];
  private current = '';
  private breaks = 0;
  /** Open elements at or inside a skipped one; text counts only at 0. */
  private skipDepth = 0;

  flush(): void {
    // Only runs that are not already one space are rewritten: most text has none, and then nothing is copied.
    const text = this.current.replace(/[ \t\n\r\f]{2,}|[\t\n\r\f]/g, ' ').trim();
    if (text !== '') this.paragraphs.push(text);
    this.current = '';
    this.breaks = 0;
  }

  /** Every open tag, implied ones included; void elements get their close at once. */
  onopentagname(name: string): void {
    if (this.skipDepth > 0 || skipped.has(name)) {
      this.skipDepth += 1;
      return;
    }
    if (name === 'br') {
      this.breaks += 1;
      // One <br> is a line break inside a paragraph; two in a row are how many feeds separate paragraphs.
      if (this.breaks >= 2) this.flush();
      else this.current += ' ';
      return;
    }
    if (blocks.has(name)) this.flush();
  }

  onclosetag(name: string): void {
    if (this.skipDepth > 0) {
      this.skipDepth -= 1;
      return;
    }
    if (blocks.has(name)) this.flush();
  }

  ontext(text: string): void {
    if (this.skipDepth > 0) return;
    if (this.breaks > 0 && text.trim() !== '') this.breaks = 0;
    this.current += text;
  }
}

/**
 * Item HTML (an RSS description, content:encoded, Atom html/xhtml content, JSON Feed content_html) as paragraphs of
 * plain text, with entities decoded, through a real HTML parser (htmlparser2, streamed: no DOM is built). Text with
 * no markup and no entity skips the parser and is split on blank lines.
 */
export function htmlToParagraphs(html: string): string[] {
  if (!/[<&]/.test(html)) {
    return html
      .split(/\r?\n\s*\r?\n/)
      .map((part) => part.replace(/\s{2,}|[^\S ]/g, ' ').trim())
      .filter((part) => part !== '');
  }
  const collector = new ParagraphCollector();
  // A parser per call: htmlparser2's reset() leaves a half-read <script> or <title> state behind. The options are
  // linkedom's own (it builds its DOM from the same parser), so the text is what a walk of linkedom's DOM gave.
  const parser = new Parser(collector, { decodeEntities: true, lowerCaseTags: true });
  parser.end(html);
  collector.flush();
  return collector.paragraphs;
}

/** A title that may hold markup or entities ("A &amp; B", "<b>Live</b>: …") as one line of text. */
export function htmlToLine(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s{2,}|[^\S ]/g, ' ').trim();
  return htmlToParagraphs(html).join(' ');
}

/** Plain text (JSON Feed content_text) as paragraphs: split on blank lines, else on single line breaks. */
export function textToParagraphs(text: string): string[] {
  const byBlank = text.split(/\r?\n\s*\r?\n/);
  const parts = byBlank.length > 1 ? byBlank : text.split(/\r?\n/);
  return parts.map((part) => part.replace(/\s{2,}|[^\S ]/g, ' ').trim()).filter((part) => part !== '');
}
