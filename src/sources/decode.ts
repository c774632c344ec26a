/** Turns the bytes of a feed or page into text, honouring a BOM, the declared charset, or the XML prolog. */
import { TextDecoder } from 'node:util';

const aliases: Record<string, string> = {
  // WHATWG labels cover nearly every name servers send; these are the ones TextDecoder does not know.
  'utf8': 'utf-8',
  'cp1251': 'windows-1251',
  'win-1251': 'windows-1251',
  'latin1': 'iso-8859-1',
};

function decoderFor(label: string | null): TextDecoder | null {
  if (!label) return null;
  const name = aliases[label.trim().toLowerCase()] ?? label.trim().toLowerCase();
  try {
    return new TextDecoder(name);
  } catch {
    return null;
  }
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf(contentType: string | null | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1] ?? null;
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

/** UTF-16 without a BOM still starts with '<' and a zero byte on one side. */
function sniffUtf16(bytes: Uint8Array): string | null {
  if (bytes[0] === 0x3c && bytes[1] === 0x00) return 'utf-16le';
  if (bytes[0] === 0x00 && bytes[1] === 0x3c) return 'utf-16be';
  return null;
}

/** The encoding named in the document itself: the XML prolog, or an HTML meta charset near the top. */
function declaredEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const prolog = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (prolog) return prolog[1] ?? null;
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  return meta?.[1] ?? null;
}

/**
 * Decodes `bytes` in the order the web does: a BOM wins, then the Content-Type charset, then the document's own
 * declaration, then UTF-8. Bytes the encoding cannot read become U+FFFD rather than failing the whole feed.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null | undefined): string {
  const bom = bomEncoding(bytes);
  const decoder =
    decoderFor(bom) ??
    decoderFor(charsetOf(contentType)) ??
    decoderFor(sniffUtf16(bytes)) ??
    decoderFor(declaredEncoding(bytes)) ??
    new TextDecoder('utf-8');
  // TextDecoder drops a BOM of its own encoding; a UTF-8 BOM under a mismatched label is dropped here.
  const text = decoder.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A feed or page as fetched: its bytes, Content-Type and the URL that answered (relative links resolve against it). */
export interface FetchedBody {
  body: Uint8Array;
  contentType: string | null;
  url: string;
}
