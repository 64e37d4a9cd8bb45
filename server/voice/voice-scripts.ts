/** What the AI voice says, per purpose: short, polite, with the order's number so the callee can refer to it. */
import type { VoiceCallKind } from '@/db/schema';

export interface ScriptFacts {
  code?: string;
  category?: string;
  address?: string | null;
  minutesLeft?: number;
  target?: string;
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
      return `您好，这里是长宁区绿化市容局。${f.target ?? '贵单位'}的生活垃圾收运签约费用即将到期，请按时办理续签缴费。谢谢。`;
  }
}
