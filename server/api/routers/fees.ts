/**
 * 清费云 part 1 over tRPC: payers, the declarations ledger and its steps, contracts and their lifecycle, and the
 * four-eyes tariff (proposed by a clerk, decided by a supervisor). The service confines a payer to its own rows,
 * and a district's fee office to its district's (server/fees/fee-scope.ts): every call carries the caller's district.
 */
import { z } from 'zod';
import { AppError } from '@/domain/errors';
import { importReportSchema, spreadsheetUploadSchema } from '@/server/import/upload-schema';
import { BILL_STATUSES } from '@/domain/fees/billing';
import { CONTRACT_STATUSES, DECLARATION_STATUSES, PAYER_KINDS, WASTE_TYPES } from '@/domain/fees/fee-values';
import { tariffSchema } from '@/domain/fees/tariff';
import { SESSION_COOKIE } from '@/server/auth/auth.service';
import { sessionCookie } from '@/server/auth/cookies';
import { feeActorOf } from '@/server/fees/fee-scope';
import { scopeOf } from '@/domain/tenancy/district-scope';
import { permittedProcedure, publicProcedure, router } from '../trpc';
import { sessionUser, withPermissions } from './auth';
import { feeMoneyProcedures } from './fee-money';
import { versionedRulesRouter } from './versioned-rules';

const payerView = z.object({
  id: z.number(),
  name: z.string(),
  credit_code: z.string(),
  kind: z.enum(PAYER_KINDS),
  address: z.string(),
  sub_district_code: z.string().nullable(),
  contact_name: z.string(),
  contact_phone: z.string(),
  status: z.enum(['pending', 'verified', 'suspended']),
  synthetic: z.boolean(),
  version: z.number(),
});

const declarationView = z.object({
  id: z.number(),
  payer_id: z.number(),
  month: z.string(),
  waste_type: z.enum(WASTE_TYPES),
  quantity: z.number(),
  status: z.enum(DECLARATION_STATUSES),
  return_reason: z.string().nullable(),
  version: z.number(),
  updated_at: z.date(),
});

const contractView = z.object({
  id: z.number(),
  code: z.string(),
  payer_id: z.number(),
  waste_type: z.enum(WASTE_TYPES),
  unit: z.enum(['bin240', 'tonne']),
  start_month: z.string(),
  end_month: z.string(),
  monthly_quantity: z.number(),
  unit_price_fen: z.number(),
  monthly_amount_fen: z.coerce.number(),
  tariff_version: z.number(),
  status: z.enum(CONTRACT_STATUSES),
  version: z.number(),
});

const id = z.number().int().positive();
const expectedVersion = z.number().int().positive();
const text = z.string().trim().max(100).nullish();
const limit = z.number().int().min(1).max(200).default(50);
const month = z.string().max(7);

export const feesRouter = router({
  ...feeMoneyProcedures,
  tariff: versionedRulesRouter(tariffSchema, (services) => services.fees.tariff, ['fees:review', 'fees:approve'], {
    propose: 'fees:review',
    approve: 'fees:approve',
  }),

  registerPayer: permittedProcedure('fees:review')
    .input(
      z.object({
        name: z.string().trim().min(1, '请填写单位名称').max(100),
        creditCode: z.string().trim().min(1, '请填写统一社会信用代码').max(30),
        kind: z.enum(PAYER_KINDS),
        address: z.string().trim().min(1, '请填写地址').max(200),
        subDistrictCode: z.string().max(32).nullable(),
        contactName: z.string().trim().min(1, '请填写联系人').max(50),
        contactPhone: z
          .string()
          .trim()
          .regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '请填写有效的电话号码'),
        lngLat: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).nullable(),
      }),
    )
    .output(payerView)
    .mutation(({ ctx, input }) => ctx.services.fees.fees.registerPayer(input, feeActorOf(ctx.user))),

  payers: permittedProcedure('fees:review', 'fees:approve')
    .input(z.object({ text, afterId: id.nullish(), limit }))
    .output(z.array(payerView))
    .query(({ ctx, input }) =>
      ctx.services.fees.fees.listPayers(
        { text: input.text ?? null, afterId: input.afterId ?? null, limit: input.limit },
        feeActorOf(ctx.user),
      ),
    ),

  declarations: permittedProcedure('fees:declare', 'fees:review', 'fees:approve')
    .input(
      z.object({
        status: z.enum(DECLARATION_STATUSES).nullish(),
        payerId: id.nullish(),
        month: z.string().max(7).nullish(),
        wasteType: z.enum(WASTE_TYPES).nullish(),
        text,
        /** Keyset: the (updated_at, id) of the last row of the previous page. */
        cursor: z.object({ updatedAt: z.coerce.date(), id }).nullish(),
        limit,
      }),
    )
    .output(z.array(declarationView.extend({ payer_name: z.string(), credit_code: z.string() })))
    .query(({ ctx, input }) =>
      ctx.services.fees.fees.declarationLedger(
        {
          status: input.status ?? null,
          payerId: input.payerId ?? null,
          month: input.month ?? null,
          wasteType: input.wasteType ?? null,
          text: input.text ?? null,
          after: input.cursor ?? null,
          limit: input.limit,
        },
        feeActorOf(ctx.user),
      ),
    ),

  declare: permittedProcedure('fees:declare', 'fees:review')
    .input(z.object({ payerId: id, month: z.string().max(7), wasteType: z.enum(WASTE_TYPES), quantity: z.number().int() }))
    .output(declarationView)
    .mutation(({ ctx, input }) => ctx.services.fees.fees.createDeclaration(input, feeActorOf(ctx.user))),

  editDeclaration: permittedProcedure('fees:declare')
    .input(z.object({ id, expectedVersion, quantity: z.number().int() }))
    .output(declarationView)
    .mutation(({ ctx, input }) =>
      ctx.services.fees.fees.editDeclaration(input.id, input.expectedVersion, input.quantity, feeActorOf(ctx.user)),
    ),

  submitDeclaration: permittedProcedure('fees:declare')
    .input(z.object({ id, expectedVersion }))
    .output(declarationView)
    .mutation(({ ctx, input }) => ctx.services.fees.fees.submitDeclaration(input.id, input.expectedVersion, feeActorOf(ctx.user))),

  reviewDeclaration: permittedProcedure('fees:review')
    .input(z.object({ id, expectedVersion, pass: z.boolean(), reason: z.string().trim().max(500).nullish() }))
    .output(declarationView)
    .mutation(({ ctx, input }) =>
      ctx.services.fees.fees.reviewDeclaration(input.id, input.expectedVersion, input.pass, input.reason ?? null, feeActorOf(ctx.user)),
    ),

  approveDeclaration: permittedProcedure('fees:approve')
    .input(z.object({ id, expectedVersion }))
    .output(z.object({ declaration: declarationView, contract: contractView }))
    .mutation(({ ctx, input }) => ctx.services.fees.fees.approveDeclaration(input.id, input.expectedVersion, feeActorOf(ctx.user))),

  contracts: permittedProcedure('fees:declare', 'fees:review', 'fees:approve')
    .input(z.object({ status: z.enum(CONTRACT_STATUSES).nullish(), payerId: id.nullish(), text, cursor: id.nullish(), limit }))
    .output(z.array(contractView.extend({ payer_name: z.string() })))
    .query(({ ctx, input }) =>
      ctx.services.fees.fees.contractLedger(
        {
          status: input.status ?? null,
          payerId: input.payerId ?? null,
          text: input.text ?? null,
          afterId: input.cursor ?? null,
          limit: input.limit,
        },
        feeActorOf(ctx.user),
      ),
    ),

  contract: permittedProcedure('fees:declare', 'fees:review', 'fees:approve')
    .input(z.object({ id }))
    .output(
      contractView.extend({
        events: z.array(
          z.object({
            at: z.date(),
            action: z.string(),
            from_status: z.string().nullable(),
            to_status: z.string(),
            actor_name: z.string(),
            note: z.string().nullable(),
          }),
        ),
      }),
    )
    .query(async ({ ctx, input }) => {
      const actor = feeActorOf(ctx.user);
      const contract = await ctx.services.fees.fees.contract(input.id, actor);
      return { ...contract, events: await ctx.services.fees.fees.contractEvents(input.id, actor) };
    }),

  changeContract: permittedProcedure('fees:review')
    .input(
      z.object({
        id,
        expectedVersion,
        action: z.enum(['activate', 'mark_renewal_due', 'renew', 'terminate', 'expire']),
        note: z.string().trim().max(500).nullish(),
      }),
    )
    .output(z.object({ contract: contractView, successor: contractView.nullable() }))
    .mutation(({ ctx, input }) =>
      ctx.services.fees.fees.changeContract(input.id, input.expectedVersion, input.action, input.note ?? null, feeActorOf(ctx.user)),
    ),

  /** A collection company's actual volumes (CSV / XLSX, base64) through the shared importer's modes. */
  uploadVolumes: permittedProcedure('fees:collect', 'fees:review')
    .input(spreadsheetUploadSchema(6))
    .output(
      importReportSchema.extend({
        overages: z.array(
          z.object({
            row: z.number(),
            contractCode: z.string(),
            month: z.string(),
            contracted: z.number(),
            actual: z.number(),
            excess: z.number(),
            excessAmountFen: z.number(),
          }),
        ),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const report = await ctx.services.fees.clearance.uploadVolumes(
        { fileName: input.fileName, bytes: Buffer.from(input.base64, 'base64') },
        input.mode,
        feeActorOf(ctx.user),
      );
      return { ...report, errors: report.errors.slice(0, 500), errorCount: report.errors.length };
    }),

  /** Contracted against actual for one month, overages (recorded for billing) first. */
  clearance: permittedProcedure('fees:declare', 'fees:collect', 'fees:review', 'fees:approve')
    .input(z.object({ month }))
    .output(
      z.array(
        z.object({
          contract_id: z.number(),
          code: z.string(),
          payer_name: z.string(),
          month: z.string(),
          waste_type: z.enum(WASTE_TYPES),
          contracted: z.number(),
          actual: z.number(),
          excess: z.number().nullable(),
          excess_amount_fen: z.number().nullable(),
          threshold_percent: z.number().nullable(),
        }),
      ),
    )
    .query(({ ctx, input }) => ctx.services.fees.clearance.ledger(input.month, feeActorOf(ctx.user))),

  /** Issues the month's clearance work orders to the companies (one per contract in force). */
  issueOrders: permittedProcedure('fees:review')
    .input(z.object({ month }))
    .output(z.object({ issued: z.number() }))
    .mutation(({ ctx, input }) => ctx.services.fees.clearance.issueOrders(input.month, feeActorOf(ctx.user))),

  orders: permittedProcedure('fees:collect', 'fees:review', 'fees:approve')
    .input(z.object({ month: month.nullish(), status: z.enum(['issued', 'accepted', 'reported']).nullish(), cursor: id.nullish(), limit }))
    .output(
      z.array(
        z.object({
          id: z.number(),
          code: z.string(),
          month: z.string(),
          status: z.enum(['issued', 'accepted', 'reported']),
          version: z.number(),
          issued_at: z.date(),
          accepted_at: z.date().nullable(),
          reported_at: z.date().nullable(),
          contract_code: z.string(),
          waste_type: z.enum(WASTE_TYPES),
          unit: z.enum(['bin240', 'tonne']),
          monthly_quantity: z.number(),
          payer_name: z.string(),
          payer_address: z.string(),
          company_name: z.string(),
        }),
      ),
    )
    .query(({ ctx, input }) =>
      ctx.services.fees.clearance.listOrders(
        { month: input.month ?? null, status: input.status ?? null, afterId: input.cursor ?? null, limit: input.limit },
        feeActorOf(ctx.user),
      ),
    ),

  acceptOrder: permittedProcedure('fees:collect')
    .input(z.object({ id, expectedVersion }))
    .output(z.object({ id: z.number(), status: z.string(), version: z.number() }))
    .mutation(({ ctx, input }) => ctx.services.fees.clearance.acceptOrder(input.id, input.expectedVersion, feeActorOf(ctx.user))),

  /** Each role's to-dos as counts, for its home screen. */
  todos: permittedProcedure('fees:declare', 'fees:collect', 'fees:review', 'fees:approve')
    .output(z.record(z.string(), z.union([z.number(), z.boolean()])))
    .query(({ ctx }) => ctx.services.fees.home.todos(feeActorOf(ctx.user))),

  /** The payer the signed-in payer account acts for (its own entry only). */
  me: permittedProcedure('fees:declare')
    .output(payerView)
    .query(({ ctx }) => ctx.services.fees.fees.ownPayerOf(feeActorOf(ctx.user))),

  /** Collection points coloured by contract state and recent overage, for the map layer. */
  mapPoints: permittedProcedure('map:view', 'fees:review', 'fees:approve')
    .output(
      z.array(
        z.object({
          id: z.number(),
          payerId: z.number(),
          payerName: z.string(),
          lngLat: z.tuple([z.number(), z.number()]),
          contractState: z.enum(['active', 'renewal_due', 'draft', 'ended', 'none']),
          overage: z.object({ excess: z.number(), month: z.string() }).nullable(),
        }),
      ),
    )
    .query(({ ctx }) => ctx.services.fees.home.mapPoints(scopeOf(ctx.user))),

  pendingParties: permittedProcedure('fees:review')
    .output(
      z.array(
        z.object({
          party: z.enum(['payer', 'company']),
          id: z.number(),
          name: z.string(),
          credit_code: z.string(),
          address: z.string().nullable(),
          contact_name: z.string(),
          contact_phone: z.string(),
          version: z.number(),
          created_at: z.date(),
        }),
      ),
    )
    .query(({ ctx }) => ctx.services.fees.parties.pending(feeActorOf(ctx.user))),

  companies: permittedProcedure('fees:review', 'fees:approve')
    .output(
      z.array(
        z.object({
          id: z.number(),
          name: z.string(),
          credit_code: z.string(),
          contact_name: z.string(),
          contact_phone: z.string(),
          status: z.enum(['pending', 'verified', 'suspended']),
          synthetic: z.boolean(),
          version: z.number(),
          vehicles: z.coerce.number().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => ctx.services.fees.parties.companies(feeActorOf(ctx.user))),

  verifyParty: permittedProcedure('fees:review')
    .input(z.object({ party: z.enum(['payer', 'company']), id, expectedVersion }))
    .output(z.object({ id: z.number(), name: z.string(), status: z.string(), version: z.number() }))
    .mutation(({ ctx, input }) => ctx.services.fees.parties.verify(input.party, input.id, input.expectedVersion, feeActorOf(ctx.user))),

  /** Gazetteer addresses for the registration form's address picker (public: registration comes before an account). */
  addresses: publicProcedure
    .input(z.object({ text: z.string().trim().min(2).max(40) }))
    .output(
      z.array(
        z.object({
          id: z.number(),
          address: z.string(),
          name: z.string(),
          sub_district_name: z.string().nullable(),
          lng: z.coerce.number(),
          lat: z.coerce.number(),
        }),
      ),
    )
    .query(({ ctx, input }) => ctx.services.fees.parties.addresses(input.text)),

  /**
   * Self-registration of a payer or a collection company on a phone: the number proven by its one-time code,
   * the account and the pending register entry written together, and the new account signed in.
   */
  register: publicProcedure
    .input(
      z.object({
        phone: z.string().trim().max(20),
        code: z.string().trim().min(1).max(12),
        registration: z.discriminatedUnion('party', [
          z.object({
            party: z.literal('payer'),
            name: z.string().trim().min(1, '请填写单位名称').max(100),
            creditCode: z.string().trim().min(1, '请填写统一社会信用代码').max(30),
            kind: z.enum(PAYER_KINDS),
            addressId: id,
            contactName: z.string().trim().min(1, '请填写联系人').max(50),
          }),
          z.object({
            party: z.literal('company'),
            name: z.string().trim().min(1, '请填写单位名称').max(100),
            creditCode: z.string().trim().min(1, '请填写统一社会信用代码').max(30),
            contactName: z.string().trim().min(1, '请填写联系人').max(50),
          }),
        ]),
      }),
    )
    .output(sessionUser)
    .mutation(async ({ ctx, input }) => {
      // Checked first, so a typo in the credit code does not spend the phone's code.
      await ctx.services.fees.parties.checkRegistration(input.registration);
      await ctx.services.phoneCodes.verify(input.phone, input.code, ctx.ip, true);
      const account = await ctx.services.fees.parties.selfRegister(input.registration, input.phone);
      const session = await ctx.services.auth.startSession(account, ctx.ip, 'auth.phone_register');
      ctx.setCookie(sessionCookie(SESSION_COOKIE, session.token, session.expiresAt, ctx.services.config.SECURE_COOKIES));
      return withPermissions(session.user);
    }),

  // ——— Part 2 (issue 16): bills and payments ———

  /** Draws a month's bills from the contracts in force and the month's recorded overages. */
  generateBills: permittedProcedure('fees:review')
    .input(z.object({ month }))
    .output(z.object({ created: z.number() }))
    .mutation(({ ctx, input }) => ctx.services.fees.billing.generateMonth(input.month, feeActorOf(ctx.user))),

  bills: permittedProcedure('fees:declare', 'fees:review', 'fees:approve')
    .input(
      z.object({
        month: month.nullish(),
        status: z.enum(BILL_STATUSES).nullish(),
        text,
        cursor: id.nullish(),
        limit,
      }),
    )
    .output(
      z.array(
        z.object({
          id: z.number(),
          code: z.string(),
          month: z.string(),
          kind: z.enum(['contract', 'overage']),
          amount_fen: z.number(),
          due_date: z.string(),
          status: z.enum(BILL_STATUSES),
          paid_at: z.date().nullable(),
          version: z.number(),
          synthetic: z.boolean(),
          payer_name: z.string(),
          contract_code: z.string(),
          waste_type: z.enum(WASTE_TYPES),
        }),
      ),
    )
    .query(({ ctx, input }) =>
      ctx.services.fees.billing.bills(
        {
          month: input.month ?? null,
          status: input.status ?? null,
          text: input.text ?? null,
          afterId: input.cursor ?? null,
          limit: input.limit,
        },
        feeActorOf(ctx.user),
      ),
    ),

  /** One bill with its payments and their vouchers. */
  bill: permittedProcedure('fees:declare', 'fees:review', 'fees:approve')
    .input(z.object({ id }))
    .output(
      z.object({
        id: z.number(),
        code: z.string(),
        month: z.string(),
        kind: z.enum(['contract', 'overage']),
        amount_fen: z.number(),
        due_date: z.string(),
        status: z.enum(BILL_STATUSES),
        payments: z.array(
          z.object({
            merchant_ref: z.string(),
            amount_fen: z.number(),
            status: z.enum(['pending', 'succeeded', 'failed']),
            bank_txn: z.string().nullable(),
            voucher: z.record(z.string(), z.unknown()).nullable(),
            failure: z.string().nullable(),
            created_at: z.date(),
            completed_at: z.date().nullable(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => ctx.services.fees.billing.bill(input.id, feeActorOf(ctx.user))),

  /** The payer starts paying a bill (its exact amount) at the bank gateway. */
  startPayment: permittedProcedure('fees:declare')
    .input(z.object({ billId: id }))
    .output(z.object({ merchantRef: z.string(), amountFen: z.number(), merchantId: z.string(), simulated: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const started = await ctx.services.fees.billing.startPayment(input.billId, feeActorOf(ctx.user));
      return { ...started, simulated: ctx.services.simulatedBank !== undefined };
    }),

  /** Demo only: the payer confirms at the simulated bank, which then notifies this server (signed, over HTTP). */
  confirmAtSimulatedBank: permittedProcedure('fees:declare')
    .input(z.object({ merchantRef: z.string().max(64) }))
    .output(z.object({ status: z.number() }))
    .mutation(async ({ ctx, input }) => {
      const bank = ctx.services.simulatedBank;
      if (!bank) throw new AppError('CONFLICT', 'fees.error.notSimulated', 'No simulated bank in this mode');
      // The payer's own payment only: another's reads as not found.
      await ctx.services.fees.billing.ownPayment(input.merchantRef, feeActorOf(ctx.user));
      const reply = await bank.confirm(input.merchantRef, ctx.user.displayName);
      return { status: reply.status };
    }),

  /** Billed, received and outstanding (a payer: its own): billed = received + outstanding. */
  books: permittedProcedure('fees:declare', 'fees:review', 'fees:approve')
    .output(z.object({ billedFen: z.number(), receivedFen: z.number(), outstandingFen: z.number() }))
    .query(({ ctx }) => ctx.services.fees.billing.books(feeActorOf(ctx.user))),

  /** 统计分析: billed, received, outstanding and overdue by sub-district, waste type or month. */
  statistics: permittedProcedure('fees:review', 'fees:approve')
    .input(z.object({ from: month, to: month, groupBy: z.enum(['subDistrict', 'wasteType', 'month']) }))
    .output(
      z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          contracts: z.number(),
          billedFen: z.number(),
          receivedFen: z.number(),
          invoicedFen: z.number(),
          outstandingFen: z.number(),
          overdueFen: z.number(),
          overdueBills: z.number(),
        }),
      ),
    )
    .query(({ ctx, input }) => ctx.services.fees.billing.statistics(input, feeActorOf(ctx.user))),
});
