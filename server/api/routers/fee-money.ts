/**
 * 清费云's money after payment over tRPC (issue 16): the invoice ledger, refunds (proposed, decided by another
 * person) and 对账核销 (statement imports, the lines waiting for a person, manual matching, setting aside and
 * reversing write-offs). Spread into the fees router, so the paths stay `fees.*`.
 */
import { z } from 'zod';
import { importReportSchema, spreadsheetUploadSchema } from '@/server/import/upload-schema';
import { feeActorOf } from '@/server/fees/fee-scope';
import { permittedProcedure } from '../trpc';

const id = z.number().int().positive();
const STATEMENT_PROBLEMS = [
  'partial',
  'several_bills',
  'no_reference',
  'unknown_reference',
  'unknown_payer',
  'amount',
  'already_written_off',
  'reversed',
] as const;
const reason = z.string().trim().min(2).max(500);

const invoiceView = z.object({
  id: z.number(),
  request_no: z.string(),
  kind: z.enum(['blue', 'red']),
  amount_fen: z.number(),
  buyer_name: z.string(),
  buyer_tax_id: z.string(),
  status: z.enum(['requested', 'issued', 'failed']),
  number: z.string().nullable(),
  failure: z.string().nullable(),
  simulated: z.boolean(),
  synthetic: z.boolean(),
  requested_at: z.date(),
  issued_at: z.date().nullable(),
  bill_id: z.number(),
  bill_code: z.string(),
  month: z.string(),
  original_number: z.string().nullable(),
});

const refundView = z.object({
  id: z.number(),
  code: z.string(),
  amount_fen: z.number(),
  reason: z.string(),
  status: z.enum(['proposed', 'approved', 'rejected', 'refunded']),
  proposed_at: z.date(),
  decided_at: z.date().nullable(),
  decision_note: z.string().nullable(),
  completed_at: z.date().nullable(),
  version: z.number(),
  bill_id: z.number(),
  bill_code: z.string(),
  payer_name: z.string(),
  proposed_by_name: z.string().nullable(),
  decided_by_name: z.string().nullable(),
});

const lineView = z.object({
  id: z.number(),
  import_id: z.number(),
  row_no: z.number(),
  txn_date: z.string(),
  amount_fen: z.number(),
  counterparty_name: z.string(),
  counterparty_account: z.string(),
  memo: z.string(),
  status: z.enum(['written_off', 'unmatched', 'set_aside']),
  problem: z.enum(STATEMENT_PROBLEMS).nullable(),
  note: z.string().nullable(),
  synthetic: z.boolean(),
  version: z.number(),
  write_offs: z.array(z.object({ id: z.number(), billId: z.number(), billCode: z.string(), amountFen: z.number(), method: z.string() })),
});

export const feeMoneyProcedures = {
  /** The invoice ledger (a payer: its own), newest first; text: an invoice number, a bill code or a buyer's name. */
  invoices: permittedProcedure('fees:declare', 'fees:review', 'fees:approve')
    .input(
      z.object({
        billId: id.nullish(),
        text: z.string().trim().max(60).nullish(),
        cursor: id.nullish(),
        limit: z.number().int().min(1).max(100).default(30),
      }),
    )
    .output(z.array(invoiceView))
    .query(({ ctx, input }) =>
      ctx.services.fees.invoices.list(
        { billId: input.billId ?? null, text: input.text || null, afterId: input.cursor ?? null, limit: input.limit },
        feeActorOf(ctx.user),
      ),
    ),

  /** Asks the platform again for a bill whose invoice was refused. */
  retryInvoice: permittedProcedure('fees:review')
    .input(z.object({ billId: id }))
    .mutation(({ ctx, input }) => ctx.services.fees.invoices.retry(input.billId, feeActorOf(ctx.user))),

  refunds: permittedProcedure('fees:declare', 'fees:review', 'fees:approve')
    .input(z.object({ status: z.enum(['proposed', 'approved', 'rejected', 'refunded']).nullish() }))
    .output(z.array(refundView))
    .query(({ ctx, input }) => ctx.services.fees.refunds.list({ status: input.status ?? null, limit: 100 }, feeActorOf(ctx.user))),

  proposeRefund: permittedProcedure('fees:review')
    .input(z.object({ billId: id, reason }))
    .output(z.object({ code: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.fees.refunds.propose(input, feeActorOf(ctx.user))),

  decideRefund: permittedProcedure('fees:approve')
    .input(z.object({ id, version: z.number().int(), approve: z.boolean(), note: z.string().trim().max(500).nullish() }))
    .mutation(({ ctx, input }) => ctx.services.fees.refunds.decide({ ...input, note: input.note ?? null }, feeActorOf(ctx.user))),

  /** A bank statement (CSV / XLSX, base64): 'check' reports only; otherwise all or nothing, then matched. */
  importStatement: permittedProcedure('fees:review')
    .input(spreadsheetUploadSchema(20))
    .output(
      importReportSchema.extend({
        importId: z.number().nullable(),
        newLines: z.number(),
        writtenOff: z.number(),
        unmatched: z.record(z.string(), z.number()),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const report = await ctx.services.fees.reconciliation.importStatement(
        { fileName: input.fileName, bytes: Buffer.from(input.base64, 'base64'), mode: input.mode },
        feeActorOf(ctx.user),
      );
      return { ...report, errors: report.errors.slice(0, 500), errorCount: report.errors.length };
    }),

  statementLines: permittedProcedure('fees:review', 'fees:approve')
    .input(
      z.object({
        status: z.enum(['written_off', 'unmatched', 'set_aside']).nullish(),
        problem: z.enum(STATEMENT_PROBLEMS).nullish(),
        cursor: id.nullish(),
        limit: z.number().int().min(1).max(100).default(30),
      }),
    )
    .output(z.array(lineView))
    .query(({ ctx, input }) =>
      ctx.services.fees.reconciliation.lines(
        { status: input.status ?? null, problem: input.problem ?? null, afterId: input.cursor ?? null, limit: input.limit },
        feeActorOf(ctx.user),
      ),
    ),

  /** Bills a line might pay: its payer's (by name) and those its memo names, not written off yet. */
  matchCandidates: permittedProcedure('fees:review')
    .input(z.object({ lineId: id, text: z.string().trim().max(60).nullish() }))
    .output(
      z.array(
        z.object({
          id: z.number(),
          code: z.string(),
          month: z.string(),
          kind: z.enum(['contract', 'overage']),
          amount_fen: z.number(),
          status: z.enum(['open', 'paid', 'refunded']),
          payer_name: z.string(),
        }),
      ),
    )
    .query(({ ctx, input }) => ctx.services.fees.reconciliation.candidates(input.lineId, input.text ?? null, feeActorOf(ctx.user))),

  matchLine: permittedProcedure('fees:review')
    .input(z.object({ lineId: id, version: z.number().int(), billIds: z.array(id).min(1).max(50), note: z.string().max(500).nullish() }))
    .mutation(({ ctx, input }) => ctx.services.fees.reconciliation.matchLine({ ...input, note: input.note ?? null }, feeActorOf(ctx.user))),

  setLineAside: permittedProcedure('fees:review')
    .input(z.object({ lineId: id, version: z.number().int(), reason }))
    .mutation(({ ctx, input }) => ctx.services.fees.reconciliation.setAside(input, feeActorOf(ctx.user))),

  reverseWriteOff: permittedProcedure('fees:review')
    .input(z.object({ writeOffId: id, reason }))
    .mutation(({ ctx, input }) => ctx.services.fees.reconciliation.reverse(input, feeActorOf(ctx.user))),
};
