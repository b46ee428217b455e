// The OpenAPI paths of activation with Nafath (src/http/api/nafath-activation.ts), merged into the
// document of openapi.ts. Guarantees: every Nafath route is described with its answers and error
// codes, so the documentation test covers them like the rest of /api/v1.

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: object) => ({ 'application/json': { schema } });
const acceptLanguage = { $ref: '#/components/parameters/AcceptLanguage' } as const;
const requestId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } } as const;
const nafathRequest = json({ $ref: '#/components/schemas/NafathActivationState' });

export const nafathSchemas = {
  NafathActivationState: {
    type: 'object',
    required: ['requestId', 'state', 'expiresAt', 'secondsLeft'],
    properties: {
      requestId: { type: 'string', format: 'uuid' },
      state: {
        type: 'string',
        enum: ['waiting', 'completed', 'rejected', 'expired', 'refused'],
        description:
          'waiting: type `random` in the Nafath app; completed: the account is now active; rejected: a wrong number or refused in the app; expired: not answered within 3 minutes; refused: the account can no longer be activated',
      },
      random: { type: 'string', pattern: '^[1-9][0-9]$', description: 'The 2-digit number to type in the Nafath app (only while waiting)', examples: ['47'] },
      expiresAt: { type: 'string', format: 'date-time', description: 'When the Nafath request expires (3 minutes after it was made)' },
      secondsLeft: { type: 'integer', minimum: 0 },
    },
  },
} as const;

export const nafathPaths = {
  '/me/activation/nafath': {
    post: {
      summary: 'Activate the signed-in registered account with Nafath: opens a request in the holder\'s Nafath app',
      description: 'Show `random` to the holder, who types it in the Nafath app; then follow the request with GET until it is no longer waiting. One open Nafath request per person; at most 10 requests an hour.',
      parameters: [acceptLanguage],
      responses: {
        '201': { description: 'The request is waiting in the Nafath app', content: nafathRequest },
        '401': errorResponse('auth.required'),
        '403': errorResponse('account.suspended or account.disabled'),
        '409': errorResponse('activation.already_active, or nafath.request_open (with retryAfter: seconds until the open request expires)'),
        '422': errorResponse('nafath.not_enrolled (no Nafath account: visitors and people unknown to Nafath)'),
        '429': errorResponse('nafath.too_many or rate.limited'),
        '503': errorResponse('nafath.unavailable'),
      },
    },
  },
  '/me/activation/nafath/{id}': {
    get: {
      summary: 'Follow a Nafath activation request (asks Nafath while it waits; poll every 2–3 seconds)',
      parameters: [requestId, acceptLanguage],
      responses: {
        '200': { description: 'The request as it stands', content: nafathRequest },
        '401': errorResponse('auth.required'),
        '404': errorResponse('flow.not_found (unknown, or another account\'s)'),
      },
    },
  },
  '/nafath/callback': {
    post: {
      summary: 'Nafath pushes a status change (a JWT signed by Nafath, ES256, with transId, nationalId and status)',
      requestBody: { required: true, content: json({ type: 'object', required: ['token'], properties: { token: { type: 'string', description: 'compact JWS' } } }) },
      responses: {
        '202': { description: 'Accepted (idempotent)', content: json({ type: 'object', properties: { accepted: { const: true } } }) },
        '400': errorResponse('request.malformed'),
        '401': errorResponse('nafath.callback_invalid (signature, issuer or audience does not verify, or the request is not one of ours)'),
      },
    },
  },
} as const;
