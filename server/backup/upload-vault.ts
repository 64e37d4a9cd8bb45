/**
 * The photos every set references, kept once in BACKUP_DIR/uploads/<aa>/<sha256> (the same layout as
 * DATA_DIR/uploads): each set is complete, and a new set copies only photos no earlier set has. Copies, not hard
 * links: a hard link shares the file, so damage to the live photo would damage its backup too (a copy-on-write
 * clone is used where the file system offers one).
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

const pathIn = (root: string, hash: string) => join(root, hash.slice(0, 2), hash);

async function sizeOf(path: string): Promise<number | null> {
  return stat(path).then(
    (s) => s.size,
    () => null,
  );
}

async function copyAtomically(from: string, to: string): Promise<void> {
  await mkdir(join(to, '..'), { recursive: true });
  const temporary = `${to}.part`;
  await copyFile(from, temporary, constants.COPYFILE_FICLONE);
  await rename(temporary, to);
}

/** Copies the referenced photos not yet in the vault; returns those missing from the live store and the bytes added. */
export async function storeUploads(
  liveRoot: string,
  vaultRoot: string,
  uploads: Array<{ hash: string; bytes: number }>,
): Promise<{ missing: string[]; newBytes: number }> {
  const missing: string[] = [];
  let newBytes = 0;
  for (const { hash, bytes } of uploads) {
    if ((await sizeOf(pathIn(vaultRoot, hash))) === bytes) continue;
    const live = pathIn(liveRoot, hash);
    if ((await sizeOf(live)) === null) {
      missing.push(hash);
      continue;
    }
    await copyAtomically(live, pathIn(vaultRoot, hash));
    newBytes += bytes;
  }
  return { missing, newBytes };
}

/** Puts the set's photos back into a data folder's uploads (those already there are kept). */
export async function restoreUploads(vaultRoot: string, liveRoot: string, hashes: string[]): Promise<number> {
  let copied = 0;
  for (const hash of hashes) {
    if ((await sizeOf(pathIn(liveRoot, hash))) !== null) continue;
    const stored = pathIn(vaultRoot, hash);
    if ((await sizeOf(stored)) === null) throw new Error(`备份库缺少照片 ${hash} / the backup store lacks photo ${hash}`);
    await copyAtomically(stored, pathIn(liveRoot, hash));
    copied++;
  }
  return copied;
}

/** Hashes a sample of restored photos: the hashes that do not match their name (or are unreadable). */
export async function verifyUploadSample(
  liveRoot: string,
  hashes: string[],
  sampleSize: number,
): Promise<{ checked: number; bad: string[] }> {
  const step = Math.max(1, Math.ceil(hashes.length / sampleSize));
  const sample = hashes.filter((_, i) => i % step === 0);
  const bad: string[] = [];
  for (const hash of sample) {
    const bytes = await readFile(pathIn(liveRoot, hash)).catch(() => null);
    if (!bytes || createHash('sha256').update(bytes).digest('hex') !== hash) bad.push(hash);
  }
  return { checked: sample.length, bad };
}

export async function removeStored(vaultRoot: string, hash: string): Promise<void> {
  await unlink(pathIn(vaultRoot, hash)).catch(() => undefined);
}
