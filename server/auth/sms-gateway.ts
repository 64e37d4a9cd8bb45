/**
 * Text messages to phones (one-time sign-in codes). No telephone network can be reached from here, so the
 * product ships a simulated gateway that keeps each message in sms_messages, where the demo shows it; a real
 * gateway implements the same interface (send one message to one mainland mobile number, throw when refused).
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { Clock } from '@/server/clock';

export interface SmsGateway {
  /** True for the simulated gateway: the screens say so and the demo shows the code. */
  readonly simulated: boolean;
  send(phone: string, body: string): Promise<void>;
}

export class SimulatedSmsGateway implements SmsGateway {
  readonly simulated = true;

  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  async send(phone: string, body: string): Promise<void> {
    await this.deps.db.insertInto('sms_messages').values({ phone, body, gateway: 'simulated', sent_at: this.deps.clock.now() }).execute();
  }
}
