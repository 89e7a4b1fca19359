import { createHash } from 'node:crypto';
import type { DocNode, StoryBody } from '../../../shared/model';
import { assetRoute } from '../../../shared/newsroom/protocol';
import type { Library } from '../../store/library';
import type { ServerAddress } from './servers';

/**
 * Photos between the library and the newsroom (docs/newsroom.md): content-addressed, over the
 * server's authenticated HTTP (`PUT|GET /api/assets/<sha256>`). A story saved here sends the
 * photos its body shows that the server may not have; a story from elsewhere brings the photos
 * this library lacks, checked against their hash before they are kept. A photo that cannot
 * travel now is tried again with the story's next change; the text never waits for it.
 */

/** The asset ids a story's body shows (photo figures). */
export function assetsOf(body: StoryBody): string[] {
  const out = new Set<string>();
  const walk = (nodes: readonly DocNode[] | undefined) => {
    for (const node of nodes ?? []) {
      const asset = node.attrs?.asset;
      if (node.type === 'photoFigure' && typeof asset === 'string' && asset) out.add(asset);
      walk(node.content);
    }
  };
  walk(body.content);
  return [...out];
}

const hashOf = (assetId: string): string | null => /^([0-9a-f]{64})\.[a-z0-9]+$/.exec(assetId)?.[1] ?? null;

export class AssetSync {
  /** Asset ids the server has confirmed in this session. */
  private readonly onServer = new Set<string>();

  constructor(
    private readonly library: Library,
    private readonly server: () => ServerAddress,
    private readonly token: string,
  ) {}

  /** Sends the photos the server has not confirmed yet. */
  async upload(assetIds: readonly string[]): Promise<void> {
    for (const assetId of assetIds) {
      const sha256 = hashOf(assetId);
      if (!sha256 || this.onServer.has(assetId)) continue;
      const local = await this.library.assets.read(assetId).catch(() => null);
      if (!local) continue;
      const response = await fetch(`${this.server().http}${assetRoute(sha256)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': local.mime },
        body: new Uint8Array(local.bytes),
        signal: AbortSignal.timeout(60_000),
      });
      if (response.ok) this.onServer.add(assetId);
    }
  }

  private stopped = false;

  stop(): void {
    this.stopped = true;
  }

  /**
   * Brings the photos this library lacks. The story's text may arrive before the other desk
   * has finished sending its photos: what the server does not have yet is asked for again a
   * few times, a little later each time.
   */
  async download(assetIds: readonly string[], attempt = 0): Promise<number> {
    const added = await this.downloadNow(assetIds);
    const missing: string[] = [];
    for (const assetId of assetIds) if (!(await this.library.assets.locate(assetId))) missing.push(assetId);
    if (missing.length > 0 && attempt < 6 && !this.stopped) {
      setTimeout(() => void this.download(missing, attempt + 1).catch(() => undefined), 250 * 2 ** attempt).unref();
    }
    return added;
  }

  private async downloadNow(assetIds: readonly string[]): Promise<number> {
    let added = 0;
    for (const assetId of assetIds) {
      const sha256 = hashOf(assetId);
      if (!sha256 || (await this.library.assets.locate(assetId))) continue;
      const response = await fetch(`${this.server().http}${assetRoute(sha256)}`, {
        headers: { authorization: `Bearer ${this.token}` },
        signal: AbortSignal.timeout(60_000),
      });
      if (!response.ok) continue;
      const bytes = Buffer.from(await response.arrayBuffer());
      // Content-addressed: what arrives is kept only if it is what the story names.
      if (createHash('sha256').update(bytes).digest('hex') !== sha256) continue;
      const stored = await this.library.assets.add(bytes, assetId);
      if (stored.assetId === assetId) {
        this.onServer.add(assetId);
        added++;
      }
    }
    return added;
  }
}
