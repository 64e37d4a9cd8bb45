/**
 * The district knowledge base: every edit a new version; an editor proposes, a different reviewer approves
 * against the checklist (four-eyes, domain/approval) and the approved version is published into the product's own
 * inverted index; BM25F search with synonyms, highlights and the source; near-duplicates by MinHash/LSH on every
 * save; sensitive words block publishing; expired entries are taken down. Publishes and takedowns are audited.
 */
import type { Kysely } from 'kysely';
import { knowledgeStatistics } from './knowledge-stats';
import type { AuditAction } from '@/domain/audit/audit-actions';
import type { Database, KnowledgeVersionRow } from '@/db/schema';
import { fourEyesRefusal } from '@/domain/approval/four-eyes';
import { B, FIELD_WEIGHTS, FIELDS, K1, idf } from '@/domain/knowledge/bm25';
import { bandKeys, comparableText, signature, similarity } from '@/domain/knowledge/minhash';
import { segment, termCounts } from '@/domain/knowledge/segment';
import { AppError } from '@/domain/errors';
import { shanghaiDay } from '@/domain/shanghai-time';
import { appendAudit } from '@/server/audit/audit.repository';
import type { Clock } from '@/server/clock';
import { SYSTEM_ACTOR, type Actor } from '@/server/orders/order-change';
import { highlight } from './highlight';
import { readRefusal } from './knowledge-access';
import { assertEntryEditable, assertEntryReadable, searchDistrict } from './knowledge-district';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { actorScope, districtOfScope } from '@/server/tenancy/actor-scope';
import * as attachmentsRepo from './attachments.repository';
import { attachmentsByEntry, toAttachmentView } from './attachments.service';
import * as repo from './knowledge.repository';
import {
  type AttachmentView,
  CHECKLIST,
  entryInput,
  type EntryInput,
  type ParsedEntry,
  type SearchHit,
  type VersionView,
} from './knowledge.schemas';

/**
 * A question counts as answered when the best entry matches at least this share of its words (a synonym counts
 * for its word); BM25 scores themselves depend on the corpus size, so they make no stable threshold. Below it the
 * question is logged for the editors (查无纠错).
 */
export const MIN_ANSWER_COVERAGE = 0.5;
/** Estimated similarity from which two entries are shown as near-duplicates. */
export const DUPLICATE_THRESHOLD = 0.6;
/** A synonym counts a little less than the word asked. */
const SYNONYM_BOOST = 0.8;
/**
 * Search reads the postings of a question's rarer terms, rarest first, up to about this many entries in all, to
 * pick candidates; the commoner terms (the 办理, 小区 of every other entry: low idf, most of the rows) are only
 * looked up for those candidates. On a small base every term is read, so the ranking is exact.
 */
const SELECTIVE_POSTINGS = 3000;
/** How many candidates the rarer terms pick for full scoring. */
const SEARCH_CANDIDATES = 200;

type Db = Kysely<Database>;
/** What the near-duplicate check compares. */
type ComparableEntry = { title: string; questions: readonly string[]; answer: string; body: string };
/** What the index needs of a version. */
type IndexedVersion = Pick<KnowledgeVersionRow, 'entry_id' | 'version' | 'title' | 'questions' | 'answer' | 'body' | 'sensitive'> & {
  /** The entry's district (null: city-wide), carried into the index. */
  district: string | null;
};

function invalid(detail: string): AppError {
  return new AppError('BAD_REQUEST', 'knowledge.error.invalid', `Invalid entry: ${detail}`, { detail });
}

function parseEntry(input: EntryInput): ParsedEntry {
  const parsed = entryInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => i.message).join('；'));
  return parsed.data;
}

function versionRow(entryId: number, version: number, e: ParsedEntry, actor: Actor, at: Date) {
  return {
    entry_id: entryId,
    version,
    type: e.type,
    title: e.title,
    questions: JSON.stringify(e.questions),
    answer: e.answer,
    body: e.body,
    category: e.category,
    tags: JSON.stringify(e.tags),
    area: e.area,
    department_id: e.departmentId,
    source_kind: e.sourceKind,
    source_ref: e.sourceRef,
    valid_from: e.validFrom,
    valid_until: e.validUntil,
    sensitive: e.sensitive,
    status: 'draft' as const,
    edited_by: actor.userId,
    edited_at: at,
    proposed_by: null,
    proposed_at: null,
    decided_by: null,
    decided_at: null,
    checklist: null,
    decision_note: null,
  };
}

function toView(v: KnowledgeVersionRow, publishedVersion: number | null, attachments: AttachmentView[] = []): VersionView {
  return {
    entryId: v.entry_id,
    version: v.version,
    status: v.status,
    published: v.version === publishedVersion,
    type: v.type as VersionView['type'],
    title: v.title,
    questions: v.questions,
    answer: v.answer,
    body: v.body,
    category: v.category,
    tags: v.tags,
    area: v.area,
    departmentId: v.department_id,
    sourceKind: v.source_kind as VersionView['sourceKind'],
    sourceRef: v.source_ref,
    validFrom: v.valid_from,
    validUntil: v.valid_until,
    sensitive: v.sensitive,
    editedAt: v.edited_at,
    decisionNote: v.decision_note,
    attachments,
  };
}

async function audit(db: Db, actor: Actor, action: AuditAction, entryId: number, detail: Record<string, unknown>) {
  await appendAudit(db, {
    actor_user_id: actor.userId,
    actor_username: actor.name,
    actor_role: actor.role,
    action,
    target: `knowledge_entry:${entryId}`,
    outcome: 'ok',
    detail,
    ip: null,
  });
}

export class KnowledgeService {
  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  // ——— Writing ———

  /** A new entry as a draft (version 1), with the near-duplicates it resembles. */
  async create(input: EntryInput, actor: Actor, options: { synthetic?: boolean } = {}) {
    const entry = parseEntry(input);
    const at = this.deps.clock.now();
    // A district's editor writes for the district; the city level writes city-wide entries.
    const district = districtOfScope(await actorScope(this.deps.db, actor));
    const entryId = await this.deps.db.transaction().execute(async (trx) => {
      const id = await repo.insertEntry(trx, { createdBy: actor.userId, at, synthetic: options.synthetic ?? false, district });
      await repo.insertVersion(trx, versionRow(id, 1, entry, actor, at));
      await this.storeSignature(trx, id, entry);
      return id;
    });
    return { entryId, version: 1, duplicates: await this.duplicatesOf(entry, entryId) };
  }

  /** Several new drafts (an import) in one transaction, all or none; their ids in the order given. */
  async createDrafts(entries: readonly ParsedEntry[], actor: Actor): Promise<number[]> {
    const at = this.deps.clock.now();
    const district = districtOfScope(await actorScope(this.deps.db, actor));
    return this.deps.db.transaction().execute(async (trx) => {
      const ids = await repo.insertEntries(
        trx,
        entries.map(() => ({ createdBy: actor.userId, at, synthetic: false, district })),
      );
      await repo.insertVersions(
        trx,
        entries.map((entry, i) => versionRow(ids[i], 1, entry, actor, at)),
      );
      await this.storeSignatures(
        trx,
        entries.map((entry, i) => ({ entryId: ids[i], entry })),
      );
      return ids;
    });
  }

  /** An edit is a new version; `baseVersion` must still be the latest, or the edit is refused (no lost update). */
  async edit(entryId: number, baseVersion: number, input: EntryInput, actor: Actor) {
    const entry = parseEntry(input);
    const at = this.deps.clock.now();
    const version = baseVersion + 1;
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await repo.findEntry(trx, entryId))) throw this.notFound(entryId);
      await assertEntryEditable(trx, entryId, await actorScope(trx, actor));
      if (!(await repo.bumpLatestVersion(trx, entryId, baseVersion, at)))
        throw new AppError('CONFLICT', 'knowledge.error.staleVersion', `Entry ${entryId} changed after version ${baseVersion}`, {
          version: baseVersion,
        });
      await repo.insertVersion(trx, versionRow(entryId, version, entry, actor, at));
      // The new version offers the files its base offered; the base (perhaps published) keeps its own rows.
      await attachmentsRepo.copyToVersion(trx, { entryId, version }, [{ entryId, version: baseVersion }]);
      await this.storeSignature(trx, entryId, entry);
    });
    return { entryId, version, duplicates: await this.duplicatesOf(entry, entryId) };
  }

  private async storeSignature(db: Db, entryId: number, entry: ParsedEntry) {
    await this.storeSignatures(db, [{ entryId, entry }]);
  }

  private async storeSignatures(db: Db, items: ReadonlyArray<{ entryId: number; entry: ParsedEntry }>) {
    await repo.replaceSignatures(
      db,
      items.map(({ entryId, entry }) => {
        const sig = signature(comparableText(entry));
        return { entryId, signature: sig, bands: bandKeys(sig) };
      }),
    );
  }

  /**
   * Merges a near-duplicate into the entry kept as the best version: the kept one gets a new draft version carrying
   * the other's title and questions as extra questions (the ways people ask stay findable) and its tags, to be
   * reviewed as usual; the other is withdrawn at once, out of search, and records where it went. Audited.
   */
  async merge(keepId: number, dropId: number, actor: Actor): Promise<{ entryId: number; version: number }> {
    if (keepId === dropId) throw invalid('不能与自身合并');
    const at = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const [keep, drop] = [await repo.findEntry(trx, keepId), await repo.findEntry(trx, dropId)];
      if (!keep || keep.status === 'withdrawn') throw this.notFound(keepId);
      if (!drop || drop.status === 'withdrawn') throw this.notFound(dropId);
      const scope = await actorScope(trx, actor);
      await assertEntryEditable(trx, keepId, scope);
      await assertEntryEditable(trx, dropId, scope);
      const kept = await repo.findVersion(trx, keepId, keep.latest_version);
      const dropped = await repo.findVersion(trx, dropId, drop.latest_version);
      if (!kept || !dropped) throw this.notFound(kept ? dropId : keepId);
      const questions = [...new Set([...kept.questions, dropped.title, ...dropped.questions])].filter((q) => q !== kept.title).slice(0, 30);
      const tags = [...new Set([...kept.tags, ...dropped.tags])].slice(0, 20);
      const entry = parseEntry({
        ...toView(kept, null),
        type: kept.type as ParsedEntry['type'],
        sourceKind: kept.source_kind as ParsedEntry['sourceKind'],
        questions,
        tags,
      });
      const version = keep.latest_version + 1;
      if (!(await repo.bumpLatestVersion(trx, keepId, keep.latest_version, at)))
        throw new AppError('CONFLICT', 'knowledge.error.staleVersion', `Entry ${keepId} changed meanwhile`, {
          version: keep.latest_version,
        });
      await repo.insertVersion(trx, versionRow(keepId, version, entry, actor, at));
      // The kept entry offers both entries' files, as it keeps both entries' questions.
      await attachmentsRepo.copyToVersion(trx, { entryId: keepId, version }, [
        { entryId: keepId, version: keep.latest_version },
        { entryId: dropId, version: drop.latest_version },
      ]);
      await this.storeSignature(trx, keepId, entry);
      if (!(await repo.markMerged(trx, dropId, keepId, at))) throw this.notFound(dropId);
      await repo.unindexEntry(trx, dropId);
      await repo.deleteSignature(trx, dropId);
      await audit(trx, actor, 'knowledge.merge', keepId, { merged: dropId, version, title: dropped.title });
      return { entryId: keepId, version };
    });
  }

  /** Entries resembling this text (LSH candidates, scored by MinHash), best first. */
  async duplicatesOf(entry: ComparableEntry, exceptId?: number) {
    return (await this.duplicatesOfMany([entry], exceptId === undefined ? undefined : [exceptId]))[0];
  }

  /**
   * The near-duplicates of each of several entries (an import), with one query for all their band keys and one for
   * the candidates' signatures. `exceptIds[i]`: the stored entry that entries[i] is (not its own duplicate).
   */
  async duplicatesOfMany(entries: readonly ComparableEntry[], exceptIds?: ReadonlyArray<number | undefined>) {
    const sigs = entries.map((e) => signature(comparableText(e)));
    const keys = sigs.map(bandKeys);
    const members = new Map<string, number[]>();
    for (const m of await repo.bandMembers(this.deps.db, keys.flat())) {
      const list = members.get(m.band_key);
      if (list) list.push(m.entry_id);
      else members.set(m.band_key, [m.entry_id]);
    }
    const stored = new Map((await repo.signaturesOf(this.deps.db, [...new Set([...members.values()].flat())])).map((r) => [r.entry_id, r]));
    return sigs.map((sig, i) => {
      const ids = new Set(keys[i].flatMap((k) => members.get(k) ?? []));
      ids.delete(exceptIds?.[i] ?? -1);
      return [...ids]
        .flatMap((id) => {
          const c = stored.get(id);
          return c ? [{ entryId: id, title: c.title, score: Math.round(similarity(sig, c.signature) * 100) / 100 }] : [];
        })
        .filter((c) => c.score >= DUPLICATE_THRESHOLD)
        .sort((a, b) => b.score - a.score || a.entryId - b.entryId)
        .slice(0, 10);
    });
  }

  // ——— Review and publishing ———

  /** The editor proposes a version for publishing; a sensitive word in it refuses the proposal. */
  async propose(entryId: number, version: number, actor: Actor): Promise<void> {
    const v = await repo.findVersion(this.deps.db, entryId, version);
    if (!v) throw this.notFound(entryId);
    await assertEntryEditable(this.deps.db, entryId, await actorScope(this.deps.db, actor));
    const words = await this.sensitiveWordsIn(v);
    if (words.length > 0)
      throw new AppError('BAD_REQUEST', 'knowledge.error.sensitiveWords', `Sensitive words: ${words.join(', ')}`, {
        words: words.join('、'),
      });
    const ok = await repo.setVersionStatus(this.deps.db, entryId, version, 'draft', {
      status: 'proposed',
      proposed_by: actor.userId,
      proposed_at: this.deps.clock.now(),
    });
    if (!ok) throw new AppError('CONFLICT', 'knowledge.error.notDraft', `Version ${version} is ${v.status}`, { version });
  }

  private async sensitiveWordsIn(v: Pick<KnowledgeVersionRow, 'title' | 'questions' | 'answer' | 'body'>): Promise<string[]> {
    const text = comparableText(v);
    return (await repo.sensitiveWords(this.deps.db)).filter((w) => text.includes(w));
  }

  /**
   * A reviewer other than the proposer approves (every checklist item ticked) or returns a proposed version. An
   * approval publishes it: the inverted index is updated in the same transaction, and open questions it now
   * answers are closed.
   */
  async decide(
    entryId: number,
    version: number,
    decision: { approve: boolean; checklist: Partial<Record<(typeof CHECKLIST)[number], boolean>>; note: string | null },
    actor: Actor,
  ): Promise<{ status: 'approved' | 'returned' }> {
    const at = this.deps.clock.now();
    const status = await this.deps.db.transaction().execute(async (trx) => {
      const entry = await repo.findEntry(trx, entryId);
      const v = await repo.findVersion(trx, entryId, version);
      if (!entry || !v) throw this.notFound(entryId);
      await assertEntryEditable(trx, entryId, await actorScope(trx, actor));
      const refusal = fourEyesRefusal(
        { status: v.status, proposedBy: v.proposed_by, version },
        { deciderId: actor.userId, approve: decision.approve, activeVersion: entry.published_version },
      );
      if (refusal === 'selfApproval')
        throw new AppError('FORBIDDEN', 'knowledge.error.selfApproval', `The proposer cannot review version ${version}`, { version });
      if (refusal)
        throw new AppError('CONFLICT', 'knowledge.error.notProposed', `Version ${version} cannot be decided: ${refusal}`, { version });
      const missing = CHECKLIST.filter((c) => !decision.checklist[c]);
      if (decision.approve && missing.length > 0)
        throw new AppError('BAD_REQUEST', 'knowledge.error.checklist', `Checklist not complete: ${missing.join(', ')}`, {
          items: missing.join(', '),
        });
      if (!decision.approve && !decision.note?.trim())
        throw new AppError('BAD_REQUEST', 'knowledge.error.returnNote', 'A returned version needs a note for the editor');
      const next = decision.approve ? 'approved' : 'returned';
      const decided = await repo.setVersionStatus(trx, entryId, version, 'proposed', {
        status: next,
        decided_by: actor.userId,
        decided_at: at,
        decision_note: decision.note,
        checklist: JSON.stringify(decision.checklist),
      });
      if (!decided) throw new AppError('CONFLICT', 'knowledge.error.notProposed', `Version ${version} was decided meanwhile`, { version });
      if (decision.approve) {
        await this.publishVersion(trx, { ...v, district: entry.district_code }, at);
        await audit(trx, actor, 'knowledge.publish', entryId, { version, title: v.title });
      } else {
        await audit(trx, actor, 'knowledge.return', entryId, { version, note: decision.note });
      }
      return next;
    });
    if (status === 'approved') await this.closeAnsweredQuestions(entryId);
    return { status };
  }

  private async publishVersion(db: Db, v: IndexedVersion, at: Date): Promise<void> {
    await repo.unindexEntry(db, v.entry_id);
    await this.indexVersions(db, [v], v.version, at);
  }

  /** Writes versions (all numbered `version`) into the inverted index and marks them published; none may be indexed yet. */
  private async indexVersions(db: Db, versions: readonly IndexedVersion[], version: number, at: Date): Promise<void> {
    const docs = versions.map((v): repo.IndexedDocument => {
      const fields: Record<(typeof FIELDS)[number], string> = {
        title: v.title,
        questions: v.questions.join('\n'),
        answer: v.answer,
        body: v.body,
      };
      const postings: repo.Posting[] = [];
      const lengths = { title: 0, questions: 0, answer: 0, body: 0 };
      FIELDS.forEach((f, field) => {
        const counts = termCounts(fields[f]);
        for (const [term, tf] of counts) {
          postings.push({ term, field, tf });
          lengths[f] += tf;
        }
      });
      return { entryId: v.entry_id, postings, lengths: { ...lengths, sensitive: v.sensitive }, district: v.district };
    });
    await repo.indexEntries(db, docs);
    await repo.markPublished(
      db,
      versions.map((v) => v.entry_id),
      version,
      at,
    );
  }

  /**
   * Publishes entries that need no review (bulk loads of already-checked or synthetic data, e.g. the scale
   * generator) in one transaction, through the same version, signature and index writes as create + decide. The
   * system is both proposer and approver, so no per-entry audit row is written.
   */
  async publishReviewed(inputs: readonly EntryInput[], options: { synthetic: boolean; district?: string | null }): Promise<number[]> {
    const entries = inputs.map(parseEntry);
    const at = this.deps.clock.now();
    const checklist = JSON.stringify(Object.fromEntries(CHECKLIST.map((c) => [c, true])));
    return this.deps.db.transaction().execute(async (trx) => {
      const ids = await repo.insertEntries(
        trx,
        entries.map(() => ({ createdBy: null, at, synthetic: options.synthetic, district: options.district ?? null })),
      );
      await repo.insertVersions(
        trx,
        entries.map((entry, i) => ({
          ...versionRow(ids[i], 1, entry, SYSTEM_ACTOR, at),
          status: 'approved' as const,
          decided_at: at,
          checklist,
        })),
      );
      await this.storeSignatures(
        trx,
        entries.map((entry, i) => ({ entryId: ids[i], entry })),
      );
      await this.indexVersions(
        trx,
        entries.map((entry, i) => ({ entry_id: ids[i], version: 1, ...entry, district: options.district ?? null })),
        1,
        at,
      );
      return ids;
    });
  }

  /** Takes a published entry out of search (by hand, on expiry or by an inspection); audited. `trx`: the caller's transaction. */
  async takedown(entryId: number, reason: string, actor: Actor, trx?: Db): Promise<boolean> {
    const run = async (db: Db) => {
      await assertEntryEditable(db, entryId, await actorScope(db, actor));
      const done = await repo.markWithdrawn(db, entryId, reason, this.deps.clock.now());
      if (!done) return false;
      await repo.unindexEntry(db, entryId);
      await audit(db, actor, 'knowledge.takedown', entryId, { reason });
      return true;
    };
    return trx ? run(trx) : this.deps.db.transaction().execute(run);
  }

  /** The periodic job: published entries past their valid-until day (Asia/Shanghai) are taken down. */
  async takedownExpired(): Promise<number[]> {
    const today = shanghaiDay(this.deps.clock.now());
    const expired = await repo.listExpired(this.deps.db, today);
    const done: number[] = [];
    for (const id of expired) if (await this.takedown(id, 'expired', SYSTEM_ACTOR)) done.push(id);
    return done;
  }

  // ——— Reading and searching ———

  /** Entries first published in [from, to), still published: counted by the service settlement (issue 17). */
  async publishedIn(from: Date, to: Date, scope: DistrictScope): Promise<Array<{ entryId: number; title: string; publishedAt: Date }>> {
    return (await repo.firstPublishedIn(this.deps.db, from, to, scope)).map((e) => ({
      entryId: e.id,
      title: e.title,
      publishedAt: new Date(e.first_at as Date | string),
    }));
  }

  async versions(entryId: number, scope: DistrictScope = CITY_SCOPE): Promise<VersionView[]> {
    const entry = await repo.findEntry(this.deps.db, entryId);
    if (!entry) throw this.notFound(entryId);
    await assertEntryReadable(this.deps.db, entryId, scope);
    const versions = await repo.listVersions(this.deps.db, entryId);
    const files = await attachmentsRepo.listOf(
      this.deps.db,
      versions.map((v) => ({ entryId, version: v.version })),
    );
    return versions.map((v) => toView(v, entry.published_version, files.filter((f) => f.version === v.version).map(toAttachmentView)));
  }

  /**
   * The published version of an entry; a sensitive one only for callers allowed to see it, another district's for
   * nobody there. `scope` absent: every entry (the system's own reads).
   */
  async published(
    entryId: number,
    canSeeSensitive: boolean,
    scope: DistrictScope = CITY_SCOPE,
  ): Promise<VersionView & { department: string | null }> {
    await assertEntryReadable(this.deps.db, entryId, scope);
    const [v] = await repo.publishedVersions(this.deps.db, [entryId]);
    // Hidden, not refused: a reader without the right is not told a sensitive entry exists.
    if (!v || readRefusal({ sensitive: v.sensitive, published: true }, { canSeeSensitive })) throw this.notFound(entryId);
    const files = await attachmentsByEntry(this.deps.db, [{ entryId, version: v.version }]);
    return { ...toView(v, v.version, files.get(entryId)), department: v.department_name };
  }

  /** Published entries by type, category, department and freshness. */
  statistics(scope: DistrictScope = CITY_SCOPE) {
    return knowledgeStatistics(this.deps.db, this.deps.clock.now(), scope);
  }

  /** The proposed versions a reviewer of this scope may decide: their district's. */
  queue(limit = 100, scope: DistrictScope = CITY_SCOPE) {
    return repo.listProposed(this.deps.db, limit, scope);
  }

  /** A query's words and their synonyms, each with its weight and the word asked it stands for. */
  private async expand(query: string): Promise<{ words: Set<string>; terms: Map<string, { weight: number; word: string }> }> {
    const words = new Set(segment(query));
    const pairs = await repo.synonymPairs(this.deps.db);
    const terms = new Map<string, { weight: number; word: string }>();
    for (const w of words) terms.set(w, { weight: 1, word: w });
    for (const w of words) {
      for (const p of pairs) {
        const other = p.term === w ? p.variant : p.variant === w ? p.term : null;
        if (other && !terms.has(other)) terms.set(other, { weight: SYNONYM_BOOST, word: w });
      }
    }
    return { words, terms };
  }

  /**
   * BM25F over the published entries. A question whose best answer covers less than MIN_ANSWER_COVERAGE of its words is logged for
   * the editors (查无纠错) unless `log` is false (the quality set and benchmarks). `scope`: a district's search reads its
   * entries and the city-wide ones (filtered on the postings' index itself); absent, every entry.
   */
  async search(query: string, options: { canSeeSensitive: boolean; limit?: number; log?: boolean; scope?: DistrictScope }) {
    const q = query.trim().slice(0, 200);
    if (q.length === 0) throw new AppError('BAD_REQUEST', 'knowledge.error.emptyQuery', 'Empty question');
    const limit = options.limit ?? 10;
    const expanded = await this.expand(q);
    const terms = [...expanded.terms.keys()];
    const [stats, dfs] = await Promise.all([repo.corpusStats(this.deps.db), repo.termFrequencies(this.deps.db, terms)]);
    // Rarest first: the rarer terms, up to SELECTIVE_POSTINGS entries in all (at least one term), pick the candidates.
    let read = 0;
    const ranked = [...dfs]
      .sort((a, b) => a.df - b.df || (a.term < b.term ? -1 : 1))
      .map((r, i): repo.RankedTerm => {
        const t = expanded.terms.get(r.term)!;
        read += r.df;
        return { term: r.term, weight: t.weight * idf(stats.docs, r.df), word: t.word, selective: i === 0 || read <= SELECTIVE_POSTINGS };
      });
    const scored = (
      await repo.rankEntries(this.deps.db, {
        terms: ranked,
        fields: FIELDS.map((f) => ({ weight: FIELD_WEIGHTS[f], avgLength: stats[f] })),
        k1: K1,
        b: B,
        candidates: Math.max(SEARCH_CANDIDATES, limit),
        limit,
        withSensitive: options.canSeeSensitive,
        district: searchDistrict(options.scope),
      })
    ).map((r) => ({ entryId: r.entry_id, score: r.score, coverage: r.covered / Math.max(1, expanded.words.size) }));
    const rows = new Map(
      (
        await repo.publishedVersions(
          this.deps.db,
          scored.map((s) => s.entryId),
        )
      ).map((r) => [r.entry_id, r]),
    );
    const files = await attachmentsByEntry(
      this.deps.db,
      [...rows.values()].map((r) => ({ entryId: r.entry_id, version: r.version })),
    );
    const hits: SearchHit[] = [];
    let coverage = 0;
    for (const s of scored) {
      const v = rows.get(s.entryId);
      if (!v) continue;
      if (hits.length === 0) coverage = s.coverage;
      hits.push({
        entryId: v.entry_id,
        version: v.version,
        type: v.type as SearchHit['type'],
        title: highlight(v.title, terms),
        answer: highlight(v.answer || v.body.slice(0, 300), terms),
        score: Math.round(s.score * 1000) / 1000,
        sensitive: v.sensitive,
        synthetic: v.synthetic,
        attachments: files.get(v.entry_id) ?? [],
        source: {
          department: v.department_name,
          kind: v.source_kind as SearchHit['source']['kind'],
          reference: v.source_ref,
          validFrom: v.valid_from,
          validUntil: v.valid_until,
        },
      });
    }
    const answered = hits.length > 0 && coverage >= MIN_ANSWER_COVERAGE;
    if (!answered && options.log !== false) await repo.logUnanswered(this.deps.db, q, this.deps.clock.now());
    return { query: q, terms, hits, answered };
  }

  /** Helpful or not; an unhelpful answer puts the question on the editors' list. */
  async feedback(entryId: number, question: string, helpful: boolean, actor: Actor): Promise<void> {
    const q = question.trim().slice(0, 200);
    const at = this.deps.clock.now();
    await assertEntryReadable(this.deps.db, entryId, await actorScope(this.deps.db, actor));
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.insertFeedback(trx, { entryId, question: q, helpful, userId: actor.userId, at });
      if (!helpful && q) await repo.logUnanswered(trx, q, at);
    });
  }

  unanswered(status: 'open' | 'closed' = 'open', limit = 100) {
    return repo.listUnanswered(this.deps.db, status, limit);
  }

  /** Closes the open questions whose best answer is now this entry. */
  private async closeAnsweredQuestions(entryId: number): Promise<void> {
    const open = await repo.listUnanswered(this.deps.db, 'open', 500);
    for (const u of open) {
      const result = await this.search(u.question, { canSeeSensitive: true, limit: 1, log: false });
      if (result.answered && result.hits[0].entryId === entryId)
        await repo.closeUnanswered(this.deps.db, u.id, entryId, this.deps.clock.now());
    }
  }

  private notFound(entryId: number): AppError {
    return new AppError('NOT_FOUND', 'error.notFound', `No knowledge entry ${entryId}`, { what: `知识条目 ${entryId}` });
  }
}
