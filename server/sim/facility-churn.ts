/**
 * The simulator's facility happenings, decided here and applied by the runner: a street light faults or is
 * repaired, a public toilet is closed for cleaning and reopens a few minutes later. The number of faulty lights
 * wanders around where it started instead of drifting, so the wall screen looks the same after a day.
 */
import type { EventSeverity } from '@/db/schema';
import type { Random } from '@/geo/random';
import type { SimFacilityRow } from './sim.repository';

export interface FacilityChange {
  facility: SimFacilityRow;
  status: string;
  /** The feed entry this change deserves, if any (starting a cleaning is routine, finishing it is news). */
  feed: { kind: string; messageKey: string; severity: EventSeverity } | null;
}

/** Most faults above the starting count before only repairs happen. */
const MAX_EXTRA_FAULTS = 3;
const CLEANING_SECONDS: readonly [number, number] = [120, 300];

export class FacilityChurn {
  private readonly lights: SimFacilityRow[];
  private readonly toilets: SimFacilityRow[];
  private readonly startingFaults: number;
  private readonly cleanings: Array<{ toilet: SimFacilityRow; doneAt: number }> = [];

  constructor(
    facilities: readonly SimFacilityRow[],
    private readonly rng: Random,
  ) {
    this.lights = facilities.filter((f) => f.kind === 'light');
    this.toilets = facilities.filter((f) => f.kind === 'toilet');
    this.startingFaults = this.lights.filter((l) => l.status === 'fault').length;
  }

  /** A cleaning that is finished by `now`, if any. */
  dueCleaning(now: number): FacilityChange | null {
    const index = this.cleanings.findIndex((c) => c.doneAt <= now);
    if (index < 0) return null;
    const [{ toilet }] = this.cleanings.splice(index, 1);
    return this.change(toilet, 'open', { kind: 'toilet.cleaned', messageKey: 'event.toiletCleaned', severity: 'info' });
  }

  /** The next random happening, or null when nothing fits (e.g. no lights in the database). */
  next(now: number): FacilityChange | null {
    const roll = this.rng.next();
    if (roll < 0.6) return this.lightChange();
    return this.startCleaning(now) ?? this.lightChange();
  }

  private lightChange(): FacilityChange | null {
    const faulty = this.lights.filter((l) => l.status === 'fault');
    // Off by day (the plans switch them) is working too: a light can fail either way.
    const working = this.lights.filter((l) => l.status !== 'fault');
    const mustRepair = faulty.length >= this.startingFaults + MAX_EXTRA_FAULTS;
    const repair = faulty.length > 0 && (mustRepair || working.length === 0 || this.rng.chance(0.5));
    if (repair)
      return this.change(this.rng.pick(faulty), 'on', { kind: 'light.repaired', messageKey: 'event.lightRepaired', severity: 'info' });
    if (working.length === 0) return null;
    return this.change(this.rng.pick(working), 'fault', { kind: 'light.fault', messageKey: 'event.lightFault', severity: 'warning' });
  }

  private startCleaning(now: number): FacilityChange | null {
    const open = this.toilets.filter((t) => t.status === 'open');
    if (open.length === 0) return null;
    const toilet = this.rng.pick(open);
    this.cleanings.push({ toilet, doneAt: now + this.rng.range(...CLEANING_SECONDS) * 1000 });
    return this.change(toilet, 'cleaning', null);
  }

  private change(facility: SimFacilityRow, status: string, feed: FacilityChange['feed']): FacilityChange {
    facility.status = status;
    return { facility, status, feed };
  }
}
