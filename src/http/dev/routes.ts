// Development sinks (absent in production; the configuration refuses to start with them there):
// what the reference SMS gateway and e-mail sender delivered, the plain answer of a visual code,
// and the reference registry's people, for trying the platform and for black-box tests.
import type { FastifyInstance } from 'fastify';
import type { DevDependencies, HttpDependencies } from '../dependencies.ts';
import { checkEligibility } from '../../core/identity/eligibility.ts';
import { parseMobile } from '../../core/identity/mobile.ts';
import type { PersonCategory } from '../../core/ports.ts';

const categories: readonly PersonCategory[] = ['citizen', 'resident', 'visitor', 'gcc', 'dependent'];

export function devRoutes(app: FastifyInstance, deps: HttpDependencies, dev: DevDependencies): void {
  app.get('/sms', async (request, reply) => {
    const to = (request.query as Record<string, unknown>).to;
    const mobile = parseMobile(to);
    if (!mobile.ok) return reply.code(400).send({ error: { code: 'request.malformed', message: 'to must be a Saudi mobile number' } });
    return dev.smsInbox(mobile.value);
  });

  app.get('/email', async (request, reply) => {
    const to = (request.query as Record<string, unknown>).to;
    if (typeof to !== 'string' || to === '') return reply.code(400).send({ error: { code: 'request.malformed', message: 'to is required' } });
    return dev.emailInbox(to.trim().toLowerCase());
  });

  app.get<{ Params: { id: string } }>('/captcha/:id', async (request, reply) => {
    const answer = await dev.captchaAnswer(request.params.id);
    if (answer === null) return reply.code(404).send({ error: { code: 'not_found', message: 'no such visual code' } });
    return { answer };
  });

  app.get('/people', async (request) => {
    const query = request.query as Record<string, string | undefined>;
    const category = categories.find((candidate) => candidate === query.category);
    const limit = Math.min(Math.max(Number(query.limit ?? 20) || 20, 1), 500);
    const wantEligible = query.eligible === undefined ? undefined : query.eligible === 'true';
    const wantRegistered = query.registered === undefined ? undefined : query.registered === 'true';
    const today = deps.clock.now();
    const people = await dev.registry.listPeople(category ? { category } : {});
    const answer = [];
    for (const person of people) {
      const eligibility = checkEligibility(person, { today, minimumAge: deps.minimumAge });
      if (wantEligible !== undefined && eligibility.eligible !== wantEligible) continue;
      const registered = (await dev.store.accounts.findByIdNumber(person.idNumber)) !== null;
      if (wantRegistered !== undefined && registered !== wantRegistered) continue;
      answer.push({
        idNumber: person.idNumber,
        mobile: person.mobile,
        nameAr: person.nameAr,
        nameEn: person.nameEn,
        category: person.category,
        eligible: eligibility.eligible,
        ...(eligibility.eligible ? {} : { reason: eligibility.reason }),
        registered,
        birthDate: person.birthDate,
      });
      if (answer.length >= limit) break;
    }
    return answer;
  });
}
