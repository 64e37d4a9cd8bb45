/**
 * The standard contract (生活垃圾清运服务合同) as a PDF with Chinese text. The font ships with the product
 * (server/fees/fonts) and only the glyphs used are embedded. Amounts come from the contract row in integer 分.
 */
import type { FeeContractRow, FeePayerRow } from '@/db/schema-fees';
import { yuan } from '@/domain/fees/money';
import { messages } from '@/domain/i18n/messages';
import { textPdf } from './text-pdf';

const zh = (key: string) => messages.zh[key] ?? key;

/** The lines of the contract, separate from the drawing so a test can read them. */
export function contractLines(contract: FeeContractRow, payer: Pick<FeePayerRow, 'name' | 'credit_code' | 'address'>): string[] {
  const unit = zh(`fees.unit.${contract.unit}`);
  const months = monthsBetween(contract.start_month, contract.end_month);
  const monthly = Number(contract.monthly_amount_fen);
  return [
    `合同编号：${contract.code}`,
    `甲方（产生单位）：${payer.name}`,
    `统一社会信用代码：${payer.credit_code}`,
    `地址：${payer.address}`,
    '乙方：上海市长宁区绿化和市容管理局（委托清运单位收运）',
    `一、服务内容：${zh(`fees.wasteType.${contract.waste_type}`)}收集、清运`,
    `二、服务期限：${contract.start_month} 至 ${contract.end_month}，共 ${months} 个月`,
    `三、约定清运量：每月 ${contract.monthly_quantity} ${unit}`,
    `四、单价：每${unit} ${yuan(contract.unit_price_fen)} 元（收费标准第 ${contract.tariff_version} 版）`,
    `五、月度费用：${yuan(monthly)} 元；合同总额：${yuan(monthly * months)} 元`,
    '六、实际清运量超过约定量的部分，按同一单价另行结算。',
    `合同状态：${zh(`fees.contract.${contract.status}`)}`,
    ...(contract.synthetic ? ['（演示数据：收费标准为合成价格）'] : []),
  ];
}

function monthsBetween(start: string, end: string): number {
  const [ys, ms] = start.split('-').map(Number);
  const [ye, me] = end.split('-').map(Number);
  return (ye - ys) * 12 + (me - ms) + 1;
}

export function contractPdf(contract: FeeContractRow, payer: Pick<FeePayerRow, 'name' | 'credit_code' | 'address'>): Promise<Uint8Array> {
  return textPdf({
    title: `生活垃圾清运服务合同 ${contract.code}`,
    heading: '生活垃圾清运服务合同',
    lines: contractLines(contract, payer),
    footer: ['甲方（盖章）：', '乙方（盖章）：'],
  });
}
