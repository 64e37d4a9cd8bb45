/**
 * The 清费云 chain the money tests start from: the simulated bank gateway, a clerk, a supervisor, two payers, a
 * verified collection company, and an active contract for 10 bins of kitchen waste a month at 25.00 元 from
 * 2026-04, whose April volume (14 bins) leaves a 100.00 元 overage — so April bills 250.00 + 100.00 元.
 */
import type { Role } from '@/domain/auth/roles';
import type { ManualClock } from '@/server/clock';
import { createFeesHub, type FeesHub } from '@/server/compose/fees';
import { insertCompany } from '@/server/fees/parties.repository';
import { installSimulatedGateway } from '@/server/fees/simulated-bank';
import type { Actor } from '@/server/orders/order-change';
import { signedHeaders } from '@/server/partners/hmac';
import type { TestDatabase } from './databases';
import { insertUser } from './orders-fixture';

export interface FeeChain {
  hub: FeesHub;
  clerk: Actor;
  supervisor: Actor;
  payer: Actor;
  otherPayer: Actor;
  company: Actor;
  payerName: string;
  contractCode: string;
  /** The bank's signed payment notification, as the bank sends it (another secret forges it). */
  notify: (body: Record<string, unknown>, secret?: string) => ReturnType<FeesHub['billing']['receiveNotification']>;
}

export async function feeChain(database: TestDatabase, clock: ManualClock): Promise<FeeChain> {
  const hub = createFeesHub({ db: database.db, clock });
  await installSimulatedGateway(database.db);
  const actor = async (username: string, role: Role): Promise<Actor> => {
    const u = await insertUser(database.db, username, username, role);
    return { userId: u.id, name: username, role, unitId: null };
  };
  const clerk = await actor('clerk', 'fee_clerk');
  const supervisor = await actor('supervisor', 'fee_supervisor');
  const payer = await actor('payer', 'fee_payer');
  const otherPayer = await actor('payer-2', 'fee_payer');
  const company = await actor('company', 'collection_company');
  await insertCompany(database.db, {
    name: '长宁环卫清运',
    creditCode: '91310105MA1FL0BB5D',
    contactName: '吴经理',
    contactPhone: '13900000000',
    depotFacilityId: null,
    userId: company.userId,
    status: 'verified',
    synthetic: true,
  });
  const base = {
    kind: 'shop' as const,
    address: '长宁路1号',
    subDistrictCode: null,
    contactName: '王',
    contactPhone: '13800000000',
    lngLat: null,
  };
  const payerName = '鑫源便利店';
  const p = await hub.fees.registerPayer({ ...base, name: payerName, creditCode: '9144030071526726XG', userId: payer.userId }, clerk);
  await hub.fees.registerPayer({ ...base, name: '另一家店', creditCode: '914403001922038216', userId: otherPayer.userId }, clerk);
  let d = await hub.fees.createDeclaration({ payerId: p.id, month: '2026-04', wasteType: 'kitchen', quantity: 10 }, payer);
  d = await hub.fees.submitDeclaration(d.id, d.version, payer);
  d = await hub.fees.reviewDeclaration(d.id, d.version, true, null, clerk);
  const { contract } = await hub.fees.approveDeclaration(d.id, d.version, supervisor);
  await hub.fees.changeContract(contract.id, contract.version, 'activate', null, clerk);
  await hub.clearance.issueOrders('2026-04', clerk);
  const [order] = await hub.clearance.listOrders({ month: '2026-04', status: 'issued', afterId: null, limit: 5 }, company);
  await hub.clearance.acceptOrder(order.id, order.version, company);
  const csv = Buffer.from(`合同编号,月份,实际清运量\n${contract.code},2026-04,14\n`);
  await hub.clearance.uploadVolumes({ fileName: 'v.csv', bytes: csv }, 'all', company);
  const notify: FeeChain['notify'] = async (body, secret) => {
    const gateway = await hub.billing.gateway();
    const text = JSON.stringify({ merchantId: gateway.merchant_id, paidAt: clock.now().toISOString(), ...body });
    const headers = signedHeaders(secret ?? gateway.notify_secret, clock.now().getTime(), text, 'k');
    return hub.billing.receiveNotification(text, { timestamp: headers['x-onemap-timestamp'], signature: headers['x-onemap-signature'] });
  };
  return { hub, clerk, supervisor, payer, otherPayer, company, payerName, contractCode: contract.code, notify };
}
