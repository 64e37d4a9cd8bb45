/** Tables of the knowledge base and the outside-client registry (migration 0013, attachments 0066). */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;
/** A date column (YYYY-MM-DD), read as a string. */
type DateOnly = ColumnType<string, string, string>;

export type OutsideClientKind = 'terminal' | 'open311' | 'feature-api' | 'partner' | 'device' | 'data-source';

export interface OutsideClientTable {
  id: Generated<number>;
  kind: OutsideClientKind;
  name: string;
  key_prefix: string;
  key_hash: string;
  scopes: Json<string[]>;
  enabled: Generated<boolean>;
  created_by: number | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  withdrawn_at: Date | null;
  /** The district the client serves; NULL: the city level (migration 0074). */
  district_code: ColumnType<string | null, string | null | undefined, string | null>;
}
export type OutsideClientRow = Selectable<OutsideClientTable>;

export interface KnowledgeDepartmentTable {
  id: Generated<number>;
  code: string;
  name: string;
  own: boolean;
}

export type KnowledgeEntryStatus = 'draft' | 'proposed' | 'published' | 'returned' | 'withdrawn';
export type KnowledgeVersionStatus = 'draft' | 'proposed' | 'approved' | 'returned';

export interface KnowledgeEntryTable {
  id: Generated<number>;
  status: Generated<KnowledgeEntryStatus>;
  latest_version: Generated<number>;
  published_version: number | null;
  synthetic: Generated<boolean>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  taken_down_reason: string | null;
  /** The entry this one was merged into (migration 0060); it is then withdrawn. */
  merged_into: ColumnType<number | null, number | null | undefined, number | null>;
  /** When the entry was last published or confirmed current by an inspection (migration 0060). */
  checked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The district the entry belongs to; NULL: city-wide, read in every district (migration 0074). */
  district_code: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface KnowledgeVersionTable {
  entry_id: number;
  version: number;
  type: string;
  title: string;
  questions: Json<string[]>;
  answer: string;
  body: string;
  category: string | null;
  tags: Json<string[]>;
  area: string | null;
  department_id: number | null;
  source_kind: string;
  source_ref: string | null;
  valid_from: DateOnly | null;
  valid_until: DateOnly | null;
  sensitive: boolean;
  status: Generated<KnowledgeVersionStatus>;
  edited_by: number | null;
  edited_at: Date;
  proposed_by: number | null;
  proposed_at: Date | null;
  decided_by: number | null;
  decided_at: Date | null;
  checklist: Json<Record<string, boolean>> | null;
  decision_note: string | null;
}
export type KnowledgeVersionRow = Selectable<KnowledgeVersionTable>;
export type NewKnowledgeVersion = Insertable<KnowledgeVersionTable>;

/** A file offered with an entry version (migration 0066): bytes in the upload store under `content_hash`. */
export interface KnowledgeAttachmentTable {
  id: Generated<number>;
  entry_id: number;
  version: number;
  content_hash: string;
  media_type: string;
  byte_size: number;
  file_name: string;
  added_by: number | null;
  added_at: ColumnType<Date, Date | string, never>;
}
export type KnowledgeAttachmentRow = Selectable<KnowledgeAttachmentTable>;

export interface KnowledgePostingTable {
  term: string;
  entry_id: number;
  field: number;
  tf: number;
  /** The length of this field of the entry (BM25's normalisation), and the entry's sensitivity: migration 0068. */
  len: number;
  sensitive: boolean;
  /** The entry's district (NULL: city-wide), so the search filters on the postings' index alone: migration 0074. */
  district_code: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface KnowledgeTermTable {
  term: string;
  df: number;
}
export interface KnowledgeDocLengthTable {
  entry_id: number;
  title_len: number;
  questions_len: number;
  answer_len: number;
  body_len: number;
  sensitive: boolean;
}
/** The one row of corpus totals BM25 normalises by (migration 0065). */
export interface KnowledgeCorpusTable {
  id: Generated<boolean>;
  docs: number;
  title_sum: ColumnType<number, number, number>;
  questions_sum: ColumnType<number, number, number>;
  answer_sum: ColumnType<number, number, number>;
  body_sum: ColumnType<number, number, number>;
}
export interface KnowledgeSignatureTable {
  entry_id: number;
  signature: Json<number[]>;
}
export interface KnowledgeBandTable {
  band_key: string;
  entry_id: number;
}
export interface KnowledgeFeedbackTable {
  id: Generated<number>;
  entry_id: number;
  question: string;
  helpful: boolean;
  user_id: number | null;
  at: Date;
}
export interface KnowledgeUnansweredTable {
  id: Generated<number>;
  question: string;
  asked: Generated<number>;
  first_at: Date;
  last_at: Date;
  status: Generated<'open' | 'closed'>;
  answered_by: number | null;
  closed_at: Date | null;
}
export interface KnowledgeSynonymTable {
  id: Generated<number>;
  term: string;
  variant: string;
}
export interface KnowledgeSensitiveWordTable {
  word: string;
}

export interface KnowledgeDepartmentEditorTable {
  department_id: number;
  user_id: number;
}
/** An inspection cycle; a null criterion matches any entry, the most specific matching rule applies. */
export interface KnowledgeInspectionRuleTable {
  id: Generated<number>;
  type: string | null;
  category: string | null;
  area: string | null;
  department_id: number | null;
  cycle_days: number;
  due_days: Generated<number>;
}
export type KnowledgeInspectionRuleRow = Selectable<KnowledgeInspectionRuleTable>;
export type InspectionOutcome = 'confirmed' | 'updated' | 'withdrawn';
export interface KnowledgeInspectionTable {
  id: Generated<number>;
  entry_id: number;
  department_id: number | null;
  rule_id: number | null;
  created_at: Date;
  due_at: Date;
  status: Generated<'open' | 'done'>;
  outcome: InspectionOutcome | null;
  note: string | null;
  done_by: number | null;
  done_at: Date | null;
  chased_at: Date | null;
  chase_count: Generated<number>;
}

export interface KnowledgeDatabase {
  outside_clients: OutsideClientTable;
  knowledge_departments: KnowledgeDepartmentTable;
  knowledge_entries: KnowledgeEntryTable;
  knowledge_versions: KnowledgeVersionTable;
  knowledge_attachments: KnowledgeAttachmentTable;
  knowledge_postings: KnowledgePostingTable;
  knowledge_terms: KnowledgeTermTable;
  knowledge_doc_lengths: KnowledgeDocLengthTable;
  knowledge_corpus: KnowledgeCorpusTable;
  knowledge_signatures: KnowledgeSignatureTable;
  knowledge_bands: KnowledgeBandTable;
  knowledge_feedback: KnowledgeFeedbackTable;
  knowledge_unanswered: KnowledgeUnansweredTable;
  knowledge_synonyms: KnowledgeSynonymTable;
  knowledge_sensitive_words: KnowledgeSensitiveWordTable;
  knowledge_department_editors: KnowledgeDepartmentEditorTable;
  knowledge_inspection_rules: KnowledgeInspectionRuleTable;
  knowledge_inspections: KnowledgeInspectionTable;
}
