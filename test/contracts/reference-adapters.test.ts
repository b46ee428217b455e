// Runs the SmsGateway and EmailSender contracts against the embedded reference implementations,
// on a test database (in-memory PGlite, or a fresh schema on TEST_DATABASE_URL).
import { after, before, describe } from 'node:test';
import { openTestDatabase } from '../helpers/platform.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { ReferenceSmsGateway } from '../../src/adapters/sms/reference-sms-gateway.ts';
import { ReferenceEmailSender } from '../../src/adapters/email/reference-email-sender.ts';
import { describeSmsGatewayContract } from './sms-gateway.contract.ts';
import { describeEmailSenderContract } from './email-sender.contract.ts';

describe('reference outbound adapters', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const clock = new FakeClock('2026-01-15T09:00:00Z');
  let counter = 0;
  const next = () => {
    counter += 1;
    clock.advanceSeconds(1);
    return counter;
  };

  before(async () => {
    database = await openTestDatabase();
  });
  after(() => database.drop());

  describeSmsGatewayContract('ReferenceSmsGateway', async () => {
    const gateway = new ReferenceSmsGateway(database.db, clock);
    return {
      gateway,
      deliverableNumber: () => `+9665${String(70_000_000 + next()).padStart(8, '0')}`,
      undeliverableNumbers: ['+966112345678', '0512345678', '+971501234567', ''],
      delivered: (to) => gateway.inbox(to),
      setAvailable: (available) => gateway.setAvailable(available),
      maxTextLength: 6 * 67,
    };
  });

  describeEmailSenderContract('ReferenceEmailSender', async () => {
    const sender = new ReferenceEmailSender(database.db, clock);
    return {
      sender,
      deliverableAddress: () => `contract.${next()}@example.sa`,
      undeliverableAddresses: ['not-an-address', 'two@@example.sa', 'space in@example.sa', ''],
      delivered: (to) => sender.inbox(to),
      setAvailable: (available) => sender.setAvailable(available),
    };
  });
});
