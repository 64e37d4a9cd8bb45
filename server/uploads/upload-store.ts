/**
 * Attachments stored content-addressed under DATA_DIR/uploads/<first two hex>/<sha256>: the same photo sent twice
 * is stored once, and a stored file is never changed. A file is written to a temporary name and renamed into
 * place, so a reader never sees half a file, whatever happens mid-write.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredUpload {
  contentHash: string;
  byteSize: number;
}

const HASH = /^[0-9a-f]{64}$/;

export class UploadStore {
  constructor(private readonly root: string) {}

  private pathOf(hash: string): string {
    if (!HASH.test(hash)) throw new Error(`not a sha256 content hash: ${hash}`);
    return join(this.root, hash.slice(0, 2), hash);
  }

  async put(bytes: Buffer): Promise<StoredUpload> {
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(contentHash);
    if (!(await this.has(contentHash))) {
      await mkdir(join(this.root, contentHash.slice(0, 2)), { recursive: true });
      const temporary = `${target}.${randomBytes(6).toString('hex')}.part`;
      try {
        await writeFile(temporary, bytes, { flag: 'wx' });
        await rename(temporary, target);
      } catch (error) {
        await unlink(temporary).catch(() => undefined);
        throw error;
      }
    }
    return { contentHash, byteSize: bytes.length };
  }

  async has(hash: string): Promise<boolean> {
    return stat(this.pathOf(hash)).then(
      () => true,
      () => false,
    );
  }

  /** The bytes of a stored file, or null when there is none with that hash. */
  async get(hash: string): Promise<Buffer | null> {
    if (!HASH.test(hash)) return null;
    return readFile(this.pathOf(hash)).catch(() => null);
  }
}
