// The OpenAPI paths of the partner API (banks and kiosk devices, src/http/partner/context.ts) and of
// the first-password step of sign-in, merged into the document of src/http/api/openapi.ts.
// Guarantees: every partner route is described with its security, answers and error codes, so the
// documentation test covers them like the rest of /api/v1.

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: object) => ({ 'application/json': { schema } });
const acceptLanguage = { $ref: '#/components/parameters/AcceptLanguage' } as const;
const operationId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } } as const;
const bearer = (scope: string) => [{ PartnerToken: [scope] }];
const tokenErrors = {
  '401': errorResponse('partner.token_invalid: no token, or not a valid, unexpired token of a registered partner client (WWW-Authenticate: Bearer error="invalid_token")'),
  '403': errorResponse('partner.scope_missing: the token lacks the scope of this route (WWW-Authenticate: Bearer error="insufficient_scope")'),
  '429': errorResponse('rate.limited'),
};
const kioskOperation = json({ $ref: '#/components/schemas/KioskOperation' });

export const partnerSecuritySchemes = {
  PartnerToken: {
    type: 'oauth2',
    description: 'A client-credentials access token from POST /oidc/token: scope `activation` for banks, `kiosk` for kiosk devices.',
    flows: { clientCredentials: { tokenUrl: '/oidc/token', scopes: { activation: 'Activate accounts (banks)', kiosk: 'Kiosk operations (registered kiosk devices)' } } },
  },
} as const;

export const partnerSchemas = {
  PartnerActivation: {
    type: 'object',
    required: ['idNumber', 'mobile', 'channel', 'reference'],
    properties: {
      idNumber: { type: 'string', examples: ['1012345672'] },
      mobile: { type: 'string', description: 'The mobile the bank knows for its customer; must be the account’s', examples: ['0512345678'] },
      channel: { type: 'string', enum: ['internet_banking', 'atm', 'mobile_app', 'phone_banking'] },
      reference: { type: 'string', pattern: '^[\\w\\-./:]{1,64}$', description: 'The bank’s own reference, recorded with the activation' },
    },
  },
  KioskOperation: {
    type: 'object',
    required: ['operationId', 'action', 'state', 'mobileMasked', 'createsAccount'],
    properties: {
      operationId: { type: 'string', format: 'uuid' },
      action: { type: 'string', enum: ['activate', 'update_mobile', 'suspend'] },
      state: { type: 'string', enum: ['otp_sent', 'verified', 'completed'] },
      mobileMasked: { type: 'string', description: 'Where the code went' },
      createsAccount: { type: 'boolean', description: 'activate for a person with no online account: one is created (username = ID number, temporary password by SMS)' },
      otpExpiresAt: { type: ['string', 'null'], format: 'date-time' },
      resendAvailableAt: { type: ['string', 'null'], format: 'date-time' },
      result: { type: 'string', enum: ['activated', 'already_active', 'account_created', 'mobile_updated', 'suspended'] },
      username: { type: 'string', description: 'The new account’s username (its ID number)' },
    },
  },
} as const;

export const partnerPaths = {
  '/partner/activations': {
    post: {
      summary: 'A bank activates its customer’s registered account (API.md "Partner activation")',
      description:
        'The ID must have an account, the person must still be eligible and the mobile must be the account’s. The same Idempotency-Key with the same body returns the first answer (one activation, one SMS); with another body, 422 idempotency.mismatch. Keys are kept 24 hours, per client.',
      security: bearer('activation'),
      parameters: [acceptLanguage, { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: { required: true, content: json({ $ref: '#/components/schemas/PartnerActivation' }) },
      responses: {
        '200': { description: 'Activated now, or already active', content: json({ type: 'object', required: ['result'], properties: { result: { type: 'string', enum: ['activated', 'already_active'] } } }) },
        '400': errorResponse('request.malformed, or partner.idempotency_key_required'),
        ...tokenErrors,
        '403': errorResponse('partner.scope_missing, or id.not_eligible (with reason: the registry’s, or account_suspended / account_disabled)'),
        '404': errorResponse('account.not_found'),
        '409': errorResponse('mobile.mismatch, or partner.idempotency_in_progress (the first request with this key is still running; retry)'),
        '422': errorResponse('validation.failed (idNumber, mobile, channel, reference), or idempotency.mismatch'),
        '503': errorResponse('service.unavailable: the civil registry cannot answer now'),
      },
    },
  },
  '/kiosk/operations': {
    post: {
      summary: 'A kiosk device identifies a person by ID and fingerprint and starts an operation; a code goes to the mobile',
      description:
        'activate: the code goes to the account’s mobile (a person with no account must give `mobile`: an account is created on the code). update_mobile: the code goes to the new `mobile`. suspend: the code goes to the account’s mobile. The fingerprint reading is matched against the registry’s enrolled template; 5 wrong fingers in 15 minutes lock the kiosk path for that person.',
      security: bearer('kiosk'),
      parameters: [acceptLanguage],
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          required: ['action', 'idNumber', 'fingerprint'],
          properties: {
            action: { type: 'string', enum: ['activate', 'update_mobile', 'suspend'] },
            idNumber: { type: 'string' },
            fingerprint: { type: 'string', description: 'The scanner’s reading (base64url)' },
            mobile: { type: 'string' },
            language: { type: 'string', enum: ['ar', 'en'], description: 'A new account’s preferred language' },
          },
        }),
      },
      responses: {
        '201': { description: 'Identified; the code was sent', content: kioskOperation },
        ...tokenErrors,
        '403': errorResponse('partner.scope_missing, kiosk.fingerprint_not_enrolled, id.not_eligible, account.suspended, account.disabled'),
        '404': errorResponse('kiosk.person_unknown, or account.not_found (update_mobile and suspend need an account)'),
        '409': errorResponse('kiosk.no_mobile, kiosk.already_suspended'),
        '422': errorResponse('validation.failed, or kiosk.fingerprint_mismatch (with attemptsLeft)'),
        '429': errorResponse('kiosk.fingerprint_locked, otp.send_limit, otp.locked or rate.limited (with retryAfter)'),
      },
    },
  },
  '/kiosk/operations/{id}': {
    get: {
      summary: 'The operation (only the device that started it)',
      security: bearer('kiosk'),
      parameters: [operationId, acceptLanguage],
      responses: { '200': { description: 'The operation', content: kioskOperation }, ...tokenErrors, '404': errorResponse('flow.not_found'), '410': errorResponse('flow.expired') },
    },
  },
  '/kiosk/operations/{id}/otp': {
    post: {
      summary: 'The code the person typed: the operation is carried out',
      security: bearer('kiosk'),
      parameters: [operationId, acceptLanguage],
      requestBody: { required: true, content: json({ type: 'object', required: ['code'], properties: { code: { type: 'string', examples: ['123456'] } } }) },
      responses: {
        '200': { description: 'Completed (see result)', content: kioskOperation },
        ...tokenErrors,
        '404': errorResponse('flow.not_found'),
        '409': errorResponse('flow.wrong_state, kiosk.stale, registration.conflict, mobile_change.conflict'),
        '410': errorResponse('otp.expired, flow.expired'),
        '422': errorResponse('otp.invalid (with attemptsLeft)'),
      },
    },
  },
  '/kiosk/operations/{id}/otp/resend': {
    post: {
      summary: 'A new code to the same mobile',
      security: bearer('kiosk'),
      parameters: [operationId, acceptLanguage],
      responses: {
        '202': { description: 'Sent', content: json({ type: 'object', properties: { resendAvailableAt: { type: 'string', format: 'date-time' }, otpExpiresAt: { type: 'string', format: 'date-time' } } }) },
        ...tokenErrors,
        '404': errorResponse('flow.not_found'),
        '429': errorResponse('otp.resend_too_soon, otp.send_limit (with retryAfter)'),
      },
    },
  },
  '/login/{id}/password': {
    post: {
      summary: 'First sign-in with a kiosk-issued temporary password: the new password, after the code (POST /login/{id}/otp answered state new_password)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, acceptLanguage],
      requestBody: {
        required: true,
        content: json({ type: 'object', required: ['password', 'passwordConfirmation'], properties: { password: { type: 'string' }, passwordConfirmation: { type: 'string' } } }),
      },
      responses: {
        '200': {
          description: 'Signed in: the session cookie, and the same token for the bearer header',
          content: json({ type: 'object', properties: { account: { $ref: '#/components/schemas/AccountSummary' }, token: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } } }),
        },
        '403': errorResponse('account.suspended, account.disabled'),
        '404': errorResponse('flow.not_found'),
        '409': errorResponse('flow.wrong_state'),
        '410': errorResponse('flow.expired'),
        '422': errorResponse('validation.failed (password rules, password.reused, password.mismatch)'),
      },
    },
  },
} as const;
