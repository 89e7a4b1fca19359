import { posix } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { SaxesParser, type SaxesTagNS } from 'saxes';

/**
 * Reading an exported Word file back the way Word opens it, without converting it: the zip
 * whole (every entry's CRC checked), every XML part well-formed with its namespaces bound, every
 * part typed in `[Content_Types].xml`, the package pointing at its main document, every
 * relationship of the document leading to a part that is there, and every reference the
 * document makes (`r:id`, `r:embed`) to a relationship it has. Word refuses a file that fails
 * any of these ("unreadable content"). The text of each paragraph comes back for the exporter to
 * compare with the story.
 */

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const OFFICE_DOCUMENT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';
const MAIN_DOCUMENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';

export interface DocxReading {
  /** The text of each paragraph of the main document, in order (runs, links and fields joined). */
  paragraphs: string[];
  /** What would make Word refuse or damage the file; empty when it opens as written. */
  problems: string[];
}

/** Parses `xml`, calling `onTag` for each element; throws `part line:column: reason` where it is not well-formed. */
function parseXml(
  part: string,
  xml: string,
  handlers: { open?: (tag: SaxesTagNS) => void; close?: (tag: SaxesTagNS) => void; text?: (text: string) => void } = {},
): void {
  const parser = new SaxesParser({ xmlns: true, fileName: part });
  let failure: Error | null = null;
  parser.on('error', (error) => {
    failure ??= error;
  });
  if (handlers.open) parser.on('opentag', handlers.open);
  if (handlers.close) parser.on('closetag', handlers.close);
  if (handlers.text) parser.on('text', handlers.text);
  parser.write(xml).close();
  if (failure) throw failure;
}

const attribute = (tag: SaxesTagNS, local: string, uri = ''): string | undefined =>
  Object.values(tag.attributes).find((a) => a.local === local && a.uri === uri)?.value;

/** A relationship's target as a part name in the zip, from the part whose relationships these are. */
function partOf(source: string, target: string): string {
  if (target.startsWith('/')) return posix.normalize(target.slice(1));
  return posix.normalize(posix.join(posix.dirname(source), target));
}

/** The relationships part of `part`: `word/document.xml` → `word/_rels/document.xml.rels`. */
const relationshipsOf = (part: string): string =>
  posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`).replace(/^\.\//, '');

interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

function readRelationships(part: string, xml: string): Relationship[] {
  const out: Relationship[] = [];
  parseXml(part, xml, {
    open: (tag) => {
      if (tag.local !== 'Relationship') return;
      out.push({
        id: attribute(tag, 'Id') ?? '',
        type: attribute(tag, 'Type') ?? '',
        target: attribute(tag, 'Target') ?? '',
        external: attribute(tag, 'TargetMode') === 'External',
      });
    },
  });
  return out;
}

/**
 * The entries of a zip file by name, each inflated and its size and CRC-32 checked against the
 * central directory: a file cut short, an entry damaged on the way or a directory that points
 * outside the file is refused with what is wrong. Node's own zlib does the inflating (a Word
 * file's dozen small parts in well under a millisecond).
 */
export function readZip(bytes: Buffer): Map<string, Buffer> {
  const fail = (why: string): never => {
    throw new Error(why);
  };
  // The end-of-central-directory record: 22 bytes and a comment of up to 64 KiB at the end.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) fail('no zip directory at its end (not a zip file, or cut short)');
  const count = bytes.readUInt16LE(end + 10);
  const directorySize = bytes.readUInt32LE(end + 12);
  let at = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) fail('a ZIP64 archive, which a Word file of this size never is');
  if (at + directorySize > end) fail('its directory points outside the file');
  const entries = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== 0x02014b50) fail(`directory entry ${n + 1} is damaged`);
    const method = bytes.readUInt16LE(at + 10);
    const crc = bytes.readUInt32LE(at + 16);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    at = next;
    if (name.endsWith('/')) continue;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) fail(`${name}: its entry is damaged`);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (start + compressedSize > bytes.length) fail(`${name}: cut short`);
    const stored = bytes.subarray(start, start + compressedSize);
    let data: Buffer;
    if (method === 0) data = stored;
    else if (method === 8) {
      try {
        data = inflateRawSync(stored);
      } catch (error) {
        throw new Error(`${name}: does not inflate (${(error as Error).message})`, { cause: error });
      }
    } else throw new Error(`${name}: compressed by method ${method}, which Word does not read`);
    if (data.length !== size) fail(`${name}: ${data.length} bytes where the directory says ${size}`);
    if (crc32(data) !== crc) fail(`${name}: its checksum does not match (damaged)`);
    if (entries.has(name)) fail(`${name}: twice in the file`);
    entries.set(name, data);
  }
  return entries;
}

/**
 * Reads one Word file. `wellFormed` remembers the parts found well-formed, to skip parsing
 * the same part again in the next file of one export.
 */
export function readDocx(buffer: Buffer, wellFormed?: Set<string>): DocxReading {
  const problems: string[] = [];
  let entries: Map<string, Buffer>;
  try {
    entries = readZip(buffer);
  } catch (error) {
    return { paragraphs: [], problems: [`is not a whole Word file (zip): ${(error as Error).message}`] };
  }
  const names = new Set(entries.keys());
  const xml = new Map<string, string>();
  for (const [name, data] of entries) if (/\.(xml|rels)$/.test(name)) xml.set(name, data.toString('utf8'));

  // Content types: every part has one, the main document the WordprocessingML one.
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  const types = xml.get('[Content_Types].xml');
  if (types === undefined) problems.push('has no [Content_Types].xml');
  else {
    try {
      parseXml('[Content_Types].xml', types, {
        open: (tag) => {
          if (tag.local === 'Default')
            defaults.set((attribute(tag, 'Extension') ?? '').toLowerCase(), attribute(tag, 'ContentType') ?? '');
          if (tag.local === 'Override')
            overrides.set((attribute(tag, 'PartName') ?? '').replace(/^\//, ''), attribute(tag, 'ContentType') ?? '');
        },
      });
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  // The extension is what follows the name's last dot, `.rels` included (extname calls that no extension).
  const extension = (part: string) => /\.([^./]+)$/.exec(part)?.[1]?.toLowerCase() ?? '';
  const typeOf = (part: string) => overrides.get(part) ?? defaults.get(extension(part));
  for (const part of names) {
    if (part !== '[Content_Types].xml' && types !== undefined && !typeOf(part))
      problems.push(`${part} has no content type`);
  }

  // Every XML part well-formed (the ones read below are parsed there).
  const main = (() => {
    const rels = xml.get('_rels/.rels');
    if (rels === undefined) {
      problems.push('has no _rels/.rels');
      return null;
    }
    try {
      const target = readRelationships('_rels/.rels', rels).find((r) => r.type === OFFICE_DOCUMENT);
      if (!target) problems.push('_rels/.rels names no main document');
      return target ? partOf('', target.target) : null;
    } catch (error) {
      problems.push((error as Error).message);
      return null;
    }
  })();
  for (const [part, text] of xml) {
    if (part === '_rels/.rels' || part === '[Content_Types].xml' || part === main) continue;
    // The same bytes parse the same way: a part every file of the export shares (styles,
    // numbering, theme, settings) is parsed once per export, not once per story.
    const key = `${part}\n${text}`;
    if (wellFormed?.has(key)) continue;
    try {
      parseXml(part, text);
      wellFormed?.add(key);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (!main) return { paragraphs: [], problems };
  const document = xml.get(main);
  if (document === undefined) return { paragraphs: [], problems: [...problems, `has no ${main}`] };
  if (types !== undefined && typeOf(main) !== MAIN_DOCUMENT_TYPE)
    problems.push(`${main} is typed ${typeOf(main) ?? 'nothing'}, not a Word document`);

  // The document's relationships lead to parts that are there.
  const ids = new Set<string>();
  const relsPart = relationshipsOf(main);
  const relsXml = xml.get(relsPart);
  if (relsXml !== undefined) {
    try {
      for (const r of readRelationships(relsPart, relsXml)) {
        ids.add(r.id);
        if (!r.external && !names.has(partOf(main, r.target)))
          problems.push(`${relsPart}: ${r.id} leads to ${r.target}, which is not in the file`);
      }
    } catch (error) {
      problems.push((error as Error).message);
    }
  }

  // The text, paragraph by paragraph, and the document's references to its relationships.
  const paragraphs: string[] = [];
  let paragraph: string | null = null;
  let inText = false;
  const missing = new Set<string>();
  try {
    parseXml(main, document, {
      open: (tag) => {
        for (const a of Object.values(tag.attributes)) {
          if (a.uri === R && !ids.has(a.value)) missing.add(a.value);
        }
        if (tag.uri !== W) return;
        if (tag.local === 'p') paragraph = '';
        else if (tag.local === 't') inText = true;
        else if (paragraph !== null && (tag.local === 'tab' || tag.local === 'br')) paragraph += ' ';
      },
      close: (tag) => {
        if (tag.uri !== W) return;
        if (tag.local === 't') inText = false;
        else if (tag.local === 'p' && paragraph !== null) {
          paragraphs.push(paragraph);
          paragraph = null;
        }
      },
      text: (text) => {
        if (inText && paragraph !== null) paragraph += text;
      },
    });
  } catch (error) {
    problems.push((error as Error).message);
  }
  for (const id of missing) problems.push(`${main} refers to relationship ${id}, which ${relsPart} does not have`);
  return { paragraphs, problems };
}
