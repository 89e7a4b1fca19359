import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SearchDocument } from './story-text';

/** Written to the file in blocks this large: one write for many stories while the index is built. */
const BLOCK_BYTES = 1 << 20;
/** Past this many bytes of replaced texts, and more of them than live ones, the file starts afresh. */
const DEAD_BYTES_LIMIT = 64 << 20;

/**
 * The search text of stories (what a snippet is cut from), kept outside the process's memory
 * in one temporary file: each story's fields as a JSON array of strings, appended. The index
 * reads every story once when it is built; keeping its text here lets the first hits of a
 * query show snippets with one positioned read each, instead of opening, reading and parsing
 * each hit's story file (the whole story, with its body's document tree and history) while
 * the person types. Holding the text in memory instead would cost about 25 MB at 10,000
 * stories and grow with the library.
 *
 * A cache and nothing more: the file is unlinked as soon as it is open (it goes with the
 * process, even a killed one), a story missing here is read from its file as before, and a
 * store that cannot write (no temporary folder) stops keeping anything.
 */
export class TextStore {
  private fd: number | null = null;
  /** Bytes written to the file, and the block not yet written. */
  private written = 0;
  private block = Buffer.allocUnsafe(BLOCK_BYTES);
  private blockUsed = 0;
  /** Each story's text: where it starts (in the file, or past `written` in the block) and its length. */
  private readonly at = new Map<string, { offset: number; length: number }>();
  private dead = 0;
  private scratch = Buffer.allocUnsafe(16 * 1024);

  constructor(private readonly dir: string = tmpdir()) {
    this.open();
  }

  get size(): number {
    return this.at.size;
  }

  put(doc: SearchDocument): void {
    if (this.fd === null) return;
    this.delete(doc.id);
    const bytes = Buffer.from(
      JSON.stringify([
        doc.headline,
        doc.kicker,
        doc.subheadline,
        doc.slug,
        doc.byline,
        doc.tags,
        doc.body,
        doc.section,
        doc.status,
        doc.language,
      ]),
    );
    try {
      if (this.blockUsed + bytes.length > this.block.length) this.writeBlock();
      const offset = this.written + this.blockUsed;
      if (bytes.length > this.block.length) {
        // A very long story: written on its own.
        this.writeAll(bytes);
      } else {
        bytes.copy(this.block, this.blockUsed);
        this.blockUsed += bytes.length;
      }
      this.at.set(doc.id, { offset, length: bytes.length });
    } catch {
      this.close();
    }
  }

  /** The story's text as put, or null when it is not here. */
  get(id: string): SearchDocument | null {
    const where = this.at.get(id);
    if (!where || this.fd === null) return null;
    try {
      let text: string;
      if (where.offset >= this.written) {
        const from = where.offset - this.written;
        text = this.block.toString('utf8', from, from + where.length);
      } else {
        if (this.scratch.length < where.length) this.scratch = Buffer.allocUnsafe(where.length);
        let read = 0;
        while (read < where.length) {
          const n = readSync(this.fd, this.scratch, read, where.length - read, where.offset + read);
          if (n === 0) return null;
          read += n;
        }
        text = this.scratch.toString('utf8', 0, where.length);
      }
      const [headline, kicker, subheadline, slug, byline, tags, body, section, status, language] = JSON.parse(
        text,
      ) as string[];
      return {
        id,
        headline: headline!,
        kicker: kicker!,
        subheadline: subheadline!,
        slug: slug!,
        byline: byline!,
        tags: tags!,
        body: body!,
        section: section!,
        status: status!,
        language: language!,
      };
    } catch {
      return null;
    }
  }

  /** The story changed or left: its old text is not served again. */
  delete(id: string): void {
    const where = this.at.get(id);
    if (!where) return;
    this.at.delete(id);
    this.dead += where.length;
    if (this.dead > DEAD_BYTES_LIMIT && this.dead > this.written + this.blockUsed - this.dead) {
      // Mostly replaced texts: start afresh; stories are read from their files again as needed.
      this.close();
      this.open();
    }
  }

  close(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // Already gone with the folder: nothing to free.
      }
    }
    this.fd = null;
    this.at.clear();
    this.written = 0;
    this.blockUsed = 0;
    this.dead = 0;
  }

  private open(): void {
    try {
      const folder = mkdtempSync(join(this.dir, 'masthead-search-'));
      const path = join(folder, 'texts');
      this.fd = openSync(path, 'w+', 0o600);
      // Nothing to clean up afterwards: the open file lives until the process lets it go.
      unlinkSync(path);
      rmSync(folder, { recursive: true, force: true });
    } catch {
      this.fd = null;
    }
  }

  private writeBlock(): void {
    if (this.blockUsed === 0) return;
    this.writeAll(this.block.subarray(0, this.blockUsed));
    this.blockUsed = 0;
  }

  private writeAll(bytes: Buffer): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd!, bytes, done, bytes.length - done, this.written + done);
    this.written += bytes.length;
  }
}
