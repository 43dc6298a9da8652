import { inflateSync } from 'node:zlib';

/** What a test can read back from a PDF without a full parser. */
export interface PdfReadBack {
  /** The first line, e.g. `%PDF-1.3`. */
  readonly header: string;
  /** Page objects (`/Type /Page`). */
  readonly pages: number;
  /** The text shown by Tj/TJ operators of every content stream (compressed ones inflated), in order. */
  readonly text: string;
  /** Rectangles filled in the content streams (`re` … `f`): the bars of a vector chart. */
  readonly filledRects: number;
}

const decodeHex = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex').toString('latin1');
const decodeLiteral = (s: string) =>
  s.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, e: string) =>
    /^[0-7]/.test(e)
      ? String.fromCharCode(parseInt(e, 8))
      : (({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e),
  );

/** Text of one content stream: each TJ array / Tj string joined, one line per operator. */
function streamText(content: string): string[] {
  const out: string[] = [];
  for (const m of content.matchAll(
    /\[((?:<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\)|[-\d.\s])*)\]\s*TJ|(<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\))\s*Tj/g,
  )) {
    const parts = m[1] ?? m[2];
    let line = '';
    for (const p of parts.matchAll(/<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)/g)) {
      line += p[1] !== undefined ? decodeHex(p[1]) : decodeLiteral(p[2]);
    }
    out.push(line);
  }
  return out;
}

/** Rectangles (`re`) whose path is painted by a fill (`f`, `f*`), not a stroke. */
function countFilledRects(content: string): number {
  let pending = 0;
  let filled = 0;
  for (const token of content.split(/\s+/)) {
    if (token === 're') pending += 1;
    else if (token === 'f' || token === 'f*') {
      filled += pending;
      pending = 0;
    } else if (['S', 's', 'B', 'B*', 'b', 'b*', 'n'].includes(token)) pending = 0;
  }
  return filled;
}

/**
 * Reads a PDF's header, page count and shown text (inflating FlateDecode streams): enough for
 * a test to check a generated report opens and says what it should.
 */
export function readPdf(pdf: Buffer): PdfReadBack {
  const raw = pdf.toString('latin1');
  const header = raw.slice(0, raw.indexOf('\n')).trim();
  const pages = [...raw.matchAll(/\/Type\s*\/Page(?![a-zA-Z])/g)].length;
  const lines: string[] = [];
  let filledRects = 0;
  let at = 0;
  for (;;) {
    const start = raw.indexOf('stream', at);
    if (start === -1) break;
    const dict = raw.slice(raw.lastIndexOf('<<', start), start);
    let bodyStart = start + 'stream'.length;
    if (raw[bodyStart] === '\r') bodyStart += 1;
    if (raw[bodyStart] === '\n') bodyStart += 1;
    const end = raw.indexOf('endstream', bodyStart);
    if (end === -1) break;
    at = end + 'endstream'.length;
    if (raw.slice(start - 3, start) === 'end') continue;
    const body = pdf.subarray(bodyStart, end);
    let content: string;
    try {
      content = /\/FlateDecode/.test(dict)
        ? inflateSync(body).toString('latin1')
        : body.toString('latin1');
    } catch {
      continue;
    }
    lines.push(...streamText(content));
    filledRects += countFilledRects(content);
  }
  return { header, pages, text: lines.join('\n'), filledRects };
}
