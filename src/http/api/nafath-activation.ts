// The JSON API of activation with Nafath, for the mobile app, and the endpoint Nafath pushes its
// signed status changes to. Guarantees: the holder's routes need a live session (401 otherwise)
// and see only their own requests (another's id answers 404); the callback changes anything only
// when its signature verifies (401 nafath.callback_invalid otherwise) and is idempotent.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../dependencies.ts';
import type { NafathActivationView } from '../../core/flows/nafath-activation/flow.ts';
import { AppError } from '../../core/errors.ts';
import { requireSignedIn } from '../shared/session.ts';

type IdParams = { Params: { id: string } };

/** The API's shape of a Nafath request: the number to show only while it waits. */
export function nafathActivationBody(view: NafathActivationView) {
  return {
    requestId: view.requestId,
    state: view.state,
    ...(view.state === 'waiting' ? { random: view.random } : {}),
    expiresAt: view.expiresAt.toISOString(),
    secondsLeft: view.secondsLeft,
  };
}

const holderOf = (request: FastifyRequest) => request.auth!.account.id;

export function nafathActivationApi(app: FastifyInstance, deps: HttpDependencies): void {
  const signedIn = (max: number) => ({ preHandler: requireSignedIn, config: { rateLimit: { max, timeWindow: '1 minute' } } });

  app.post('/me/activation/nafath', signedIn(10), async (request, reply) => {
    const view = await deps.nafathActivation.start(holderOf(request), { channel: 'api' });
    return reply.code(201).send(nafathActivationBody(view));
  });

  app.get<IdParams>('/me/activation/nafath/:id', signedIn(120), async (request) =>
    nafathActivationBody(await deps.nafathActivation.view(request.params.id, holderOf(request))),
  );

  app.post('/nafath/callback', { config: { rateLimit: { max: 600, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = request.body;
    const token = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).token : undefined;
    if (typeof token !== 'string') throw new AppError('request.malformed');
    if (!(await deps.nafathActivation.acceptCallback(token))) throw new AppError('nafath.callback_invalid');
    return reply.code(202).send({ accepted: true });
  });
}
