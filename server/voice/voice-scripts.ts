/** What the AI voice says, per purpose: short, polite, with the order's number so the callee can refer to it. */
import type { VoiceCallKind } from '@/db/schema';

export interface ScriptFacts {
  code?: string;
  category?: string;
  address?: string | null;
  minutesLeft?: number;
  target?: string;
  /** 清费云: what the fee reminder is about (without it, the general 签约收费提醒). */
  fee?: { purpose: 'renewal' | 'payment' | 'overdue'; code: string; until: string; amountYuan?: string };
}

const at = (address: string | null | undefined) => (address ? `（${address}）` : '');

export function voiceScript(kind: VoiceCallKind, f: ScriptFacts): string {
  switch (kind) {
    case 'collection_overdue':
      return `您好，这里是长宁区绿化市容局指挥中心。工单${f.code}${at(f.address)}的垃圾清运已临近或超过时限，请尽快安排收运，完成后在手机上报结果。`;
    case 'urgent_reminder':
      return `您好，这里是长宁区绿化市容局指挥中心。紧急工单${f.code}「${f.category ?? ''}」${at(f.address)}距处置时限约剩${Math.max(0, f.minutesLeft ?? 0)}分钟，请立即处置并及时反馈。`;
    case 'follow_up':
      return `您好，这里是长宁区绿化市容局。您反映的问题（工单${f.code}${at(f.address)}）已处理完毕。请问您对处理结果是否满意？满意请按1到5打分，5分为非常满意。`;
    case 'frontage_notice':
      return `您好，这里是长宁区绿化市容局。${f.target ?? '商户'}${at(f.address)}门前责任区（门责三包）需保持整洁、不乱堆物、不出店经营，请您配合落实。谢谢。`;
    case 'fee_reminder':
      if (f.fee?.purpose === 'renewal')
        return `您好，这里是长宁区绿化市容局。${f.target ?? '贵单位'}的生活垃圾清运合同${f.fee.code}将于${f.fee.until}到期，请及时办理续签。谢谢。`;
      if (f.fee?.purpose === 'payment')
        return `您好，这里是长宁区绿化市容局。${f.target ?? '贵单位'}的垃圾处理费账单${f.fee.code}金额${f.fee.amountYuan}元，将于${f.fee.until}到期，请按时缴纳，可在手机上一键支付。谢谢。`;
      if (f.fee?.purpose === 'overdue')
        return `您好，这里是长宁区绿化市容局。${f.target ?? '贵单位'}的垃圾处理费账单${f.fee.code}金额${f.fee.amountYuan}元已于${f.fee.until}到期未缴，请尽快缴纳。谢谢。`;
      return `您好，这里是长宁区绿化市容局。${f.target ?? '贵单位'}的生活垃圾收运签约费用即将到期，请按时办理续签缴费。谢谢。`;
  }
}
