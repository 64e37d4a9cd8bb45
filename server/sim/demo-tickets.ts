/**
 * What the demonstration's 12345 hotline and 区城运 platform send, and when. A day of 12345 calls about city
 * appearance is quiet at night, rises from 7:00, peaks in the late morning and again in the afternoon, and tails
 * off in the evening; the demo compresses it to one ticket every 1–3 minutes at the daytime peak and one every
 * quarter hour or so at night. 区城运 sends fewer, patrol-found orders. Pure: pass the time and the randomness.
 */
import type { PartnerCode } from '@/db/schema';
import type { Random } from '@/geo/random';
import { shanghaiDay, shanghaiTime } from '@/domain/shanghai-time';
import type { PartnerOrderInput } from '@/server/partners/partner-messages';

/** Relative call volume by Shanghai hour (0–23), peak 1: the shape of a 12345 day. */
export const HOURLY_VOLUME: readonly number[] = [
  0.08, 0.05, 0.04, 0.04, 0.05, 0.1, 0.2, 0.45, 0.8, 1, 1, 0.9, 0.65, 0.75, 0.95, 1, 0.9, 0.75, 0.55, 0.45, 0.35, 0.25, 0.18, 0.12,
];

/** Mean demo minutes between tickets at the peak, and the slowest the night gets. */
const PEAK_MEAN_MINUTES = 2;
const SLOWEST_MEAN_MINUTES = 20;
/** 区城运 sends about one order for every three 12345 tickets. */
const CITY_OPS_SLOWER = 3;

export function shanghaiHour(at: Date): number {
  return Number(shanghaiTime(at).slice(0, 2));
}

/**
 * Minutes until the next ticket after `at`: the mean follows the hour's volume, and the draw is uniform in
 * ±50 % of it, so the peak gives 1–3 minutes.
 */
export function nextTicketDelayMinutes(partner: PartnerCode, at: Date, random: Random): number {
  const volume = HOURLY_VOLUME[shanghaiHour(at)];
  const mean = Math.min(SLOWEST_MEAN_MINUTES, PEAK_MEAN_MINUTES / volume) * (partner === 'city_ops' ? CITY_OPS_SLOWER : 1);
  return random.range(mean * 0.5, mean * 1.5);
}

interface TicketKind {
  category: string;
  urgency: PartnerOrderInput['urgency'];
  /** `{place}` is replaced by the address's name. */
  texts: readonly string[];
  weight: number;
}

/** What residents call 12345 about, in their words, weighted by how often. */
const TICKET_KINDS: readonly TicketKind[] = [
  {
    category: 'sanitation.bin_overflow',
    urgency: 'high',
    weight: 5,
    texts: ['{place}门口垃圾桶满溢，异味很重，要求尽快清运', '{place}旁垃圾箱满了，垃圾散落一地'],
  },
  { category: 'sanitation.collection_overdue', urgency: 'high', weight: 3, texts: ['{place}的垃圾今天还没有收运，已经堆了一上午'] },
  {
    category: 'sanitation.road_cleaning',
    urgency: 'normal',
    weight: 4,
    texts: ['{place}附近人行道落叶和垃圾很多，没人打扫', '{place}路面有大片油污和垃圾'],
  },
  {
    category: 'cityscape.dumping',
    urgency: 'normal',
    weight: 4,
    texts: ['{place}门口堆放大量杂物，影响行人通行', '{place}附近有人乱堆建筑垃圾'],
  },
  { category: 'cityscape.street_vending', urgency: 'normal', weight: 3, texts: ['{place}路口有流动摊贩占道经营，晚上特别多'] },
  { category: 'cityscape.illegal_posting', urgency: 'low', weight: 2, texts: ['{place}附近电线杆和墙面被贴满小广告'] },
  { category: 'sanitation.toilet_cleaning', urgency: 'normal', weight: 2, texts: ['{place}附近公厕卫生很差，洗手台没有水'] },
  { category: 'greening.fallen_tree', urgency: 'urgent', weight: 1, texts: ['{place}旁边行道树断枝挂在半空，随时可能掉下来'] },
  { category: 'lighting.not_lit', urgency: 'normal', weight: 2, texts: ['{place}附近景观灯一整排都不亮'] },
];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '周', '吴', '徐'];

export interface TicketPlace {
  name: string;
  address: string;
  lng: number;
  lat: number;
}

/** The platform's own number: 12345 tickets as the hotline numbers them, 区城运 orders as that platform does. */
export function ticketRef(partner: PartnerCode, at: Date, sequence: number): string {
  const day = shanghaiDay(at).replaceAll('-', '');
  return partner === 'hotline_12345'
    ? `12345-${day}-${String(sequence).padStart(5, '0')}`
    : `QCY${day}${String(sequence).padStart(4, '0')}`;
}

/** One ticket at a place; the caller's name and number masked as 12345 passes them on. */
export function demoTicket(partner: PartnerCode, ref: string, place: TicketPlace, random: Random): PartnerOrderInput {
  const kind = random.pickWeighted(
    TICKET_KINDS,
    TICKET_KINDS.map((k) => k.weight),
  );
  const description = random.pick(kind.texts).replace('{place}', place.name);
  const reporter =
    partner === 'hotline_12345'
      ? {
          name: `${random.pick(SURNAMES)}${random.chance(0.5) ? '先生' : '女士'}`,
          phone: `1${random.int(30, 89)}****${String(random.int(0, 9999)).padStart(4, '0')}`,
        }
      : { name: '区城运平台巡查' };
  return {
    ref,
    category: kind.category,
    description: partner === 'hotline_12345' ? `市民来电：${description}` : `网格巡查发现：${description}`,
    address: place.address,
    location: { lng: place.lng, lat: place.lat },
    urgency: kind.urgency,
    reporter,
  };
}
