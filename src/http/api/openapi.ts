// The OpenAPI 3.1 document of the JSON API, served at /api/openapi.json. Guarantees: it describes
// every route under /api/v1 with its request and answer shapes and the error envelope of API.md;
// a test checks that each route the server registers is documented here.

const errorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['password.too_short', 'otp.invalid', 'captcha.wrong'] },
        message: { type: 'string', description: 'Localised by Accept-Language (ar default, en).' },
        fields: {
          type: 'object',
          additionalProperties: {
            type: 'array',
            items: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
          },
        },
        retryAfter: { type: 'integer', description: 'Seconds to wait (also in the Retry-After header).' },
        attemptsLeft: { type: 'integer' },
      },
    },
  },
} as const;

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

const registrationState = {
  type: 'object',
  required: ['registrationId', 'state', 'mobileMasked'],
  properties: {
    registrationId: { type: 'string', format: 'uuid' },
    state: { type: 'string', enum: ['otp_sent', 'completed'] },
    mobileMasked: { type: 'string', examples: ['+966 5•••••678'] },
    expiresAt: { type: 'string', format: 'date-time' },
    otpExpiresAt: { type: ['string', 'null'], format: 'date-time' },
    resendAvailableAt: { type: ['string', 'null'], format: 'date-time' },
    account: { $ref: '#/components/schemas/AccountSummary' },
  },
} as const;

const flowIdParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } } as const;

export function openApiDocument(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Absher JSON API',
      version: '1.0.0',
      description: 'The API of the Absher e-services identity platform for the mobile app, partners and tests. Digits may be sent as Eastern-Arabic or Persian digits anywhere a number is expected.',
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    components: {
      schemas: {
        Error: errorEnvelope,
        RegistrationState: registrationState,
        LoginState: {
          type: 'object',
          required: ['loginId', 'state', 'mobileMasked'],
          properties: {
            loginId: { type: 'string', format: 'uuid' },
            state: { const: 'otp_sent' },
            mobileMasked: { type: 'string' },
            otpExpiresAt: { type: 'string', format: 'date-time' },
            resendAvailableAt: { type: 'string', format: 'date-time' },
          },
        },
        AccountSummary: {
          type: 'object',
          required: ['username', 'status'],
          properties: { username: { type: 'string' }, status: { type: 'string', enum: ['registered', 'active', 'suspended', 'disabled'] } },
        },
        CaptchaAnswer: {
          oneOf: [
            { type: 'object', required: ['id', 'answer'], properties: { id: { type: 'string', format: 'uuid' }, answer: { type: 'string', examples: ['4821'] } } },
            { type: 'object', required: ['pow'], properties: { pow: { type: 'string', description: 'base64 of JSON {challenge, solution} from the proof-of-work alternative' } } },
          ],
        },
      },
      parameters: { AcceptLanguage: { name: 'Accept-Language', in: 'header', schema: { type: 'string', enum: ['ar', 'en'] } } },
    },
    paths: {
      '/captcha': {
        post: {
          summary: 'Create a visual code (4 digits, single use, 5 minutes)',
          responses: {
            '201': {
              description: 'The image and its id',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['id', 'image', 'expiresAt'],
                    properties: { id: { type: 'string', format: 'uuid' }, image: { type: 'string', description: 'data:image/svg+xml;base64,…' }, expiresAt: { type: 'string', format: 'date-time' } },
                  },
                },
              },
            },
            '429': errorResponse('Rate limited'),
          },
        },
      },
      '/captcha/proof-of-work': {
        post: {
          summary: 'The accessible alternative to the visual code: a proof-of-work challenge (ALTCHA v2, SHA-256)',
          responses: { '201': { description: 'The challenge to solve', content: { 'application/json': { schema: { type: 'object', properties: { challenge: { type: 'object' } } } } } }, '429': errorResponse('Rate limited') },
        },
      },
      '/registrations': {
        post: {
          summary: 'Submit the registration form; sends the verification code',
          parameters: [{ $ref: '#/components/parameters/AcceptLanguage' }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    idNumber: { type: 'string', examples: ['1012345672'] },
                    mobile: { type: 'string', examples: ['0512345678'] },
                    email: { type: 'string' },
                    emailConfirmation: { type: 'string' },
                    username: { type: 'string' },
                    password: { type: 'string' },
                    passwordConfirmation: { type: 'string' },
                    preferredLanguage: { type: 'string', enum: ['ar', 'en'] },
                    captcha: { $ref: '#/components/schemas/CaptchaAnswer' },
                    acceptTerms: { type: 'boolean' },
                  },
                },
              },
            },
          },
          responses: {
            '201': { description: 'Code sent', content: { 'application/json': { schema: { $ref: '#/components/schemas/RegistrationState' } } } },
            '400': errorResponse('Malformed body'),
            '422': errorResponse('Every failing field, e.g. id.checksum, id.not_found, id.not_eligible, id.already_registered, username.taken, password.sequence, email.mismatch, terms.required, captcha.wrong'),
            '429': errorResponse('Too many codes for this mobile or person, or rate limited'),
            '503': errorResponse('The civil registry is not answering'),
          },
        },
      },
      '/registrations/{id}': {
        get: {
          summary: 'Read a registration flow',
          parameters: [flowIdParameter],
          responses: {
            '200': { description: 'The flow', content: { 'application/json': { schema: { $ref: '#/components/schemas/RegistrationState' } } } },
            '404': errorResponse('Unknown flow'),
            '410': errorResponse('Expired flow'),
          },
        },
      },
      '/registrations/{id}/otp': {
        post: {
          summary: 'Verify the code; completes the registration',
          parameters: [flowIdParameter, { $ref: '#/components/parameters/AcceptLanguage' }],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['code'], properties: { code: { type: 'string', examples: ['123456'] } } } } } },
          responses: {
            '201': {
              description: 'Registered',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { state: { const: 'completed' }, account: { $ref: '#/components/schemas/AccountSummary' } } },
                },
              },
            },
            '404': errorResponse('Unknown flow'),
            '409': errorResponse('Flow already completed, or a conflicting registration won'),
            '410': errorResponse('otp.expired or flow.expired'),
            '422': errorResponse('otp.invalid with attemptsLeft'),
            '429': errorResponse('otp.locked (retryAfter when the person is locked)'),
          },
        },
      },
      '/registrations/{id}/otp/resend': {
        post: {
          summary: 'Send a new code (after 60 s, at most 5 per flow and 10 per mobile an hour)',
          parameters: [flowIdParameter],
          responses: {
            '202': {
              description: 'Sent',
              content: { 'application/json': { schema: { type: 'object', properties: { resendAvailableAt: { type: 'string', format: 'date-time' }, otpExpiresAt: { type: 'string', format: 'date-time' } } } } },
            },
            '404': errorResponse('Unknown flow'),
            '410': errorResponse('Expired flow'),
            '429': errorResponse('otp.resend_too_soon, otp.send_limit or otp.locked, with retryAfter'),
          },
        },
      },
      '/login': {
        post: {
          summary: 'Sign in with a username or ID number and the password; sends the SMS code',
          parameters: [{ $ref: '#/components/parameters/AcceptLanguage' }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { login: { type: 'string' }, password: { type: 'string' }, captcha: { $ref: '#/components/schemas/CaptchaAnswer' } },
                },
              },
            },
          },
          responses: {
            '200': { description: 'Code sent', content: { 'application/json': { schema: { $ref: '#/components/schemas/LoginState' } } } },
            '401': errorResponse('login.invalid: the same answer for an unknown name and a wrong password'),
            '403': errorResponse('account.suspended or account.disabled'),
            '409': errorResponse('login.no_mobile: the account has no mobile to send the code to'),
            '422': errorResponse('login.required / password.required'),
            '423': errorResponse('login.locked with retryAfter (5 wrong passwords: 15 minutes, doubling up to 24 hours)'),
            '428': errorResponse('captcha.required (after 3 failures for the address or the name); fields.captcha says required or wrong'),
            '429': errorResponse('Too many failures from this address, with retryAfter'),
          },
        },
      },
      '/login/{id}/otp': {
        post: {
          summary: 'Verify the sign-in code; starts a session (cookie and bearer token)',
          parameters: [flowIdParameter],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } } } } },
          responses: {
            '200': {
              description: 'Signed in',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { account: { $ref: '#/components/schemas/AccountSummary' }, token: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } },
                  },
                },
              },
            },
            '404': errorResponse('Unknown flow'),
            '409': errorResponse('Flow already completed'),
            '410': errorResponse('otp.expired or flow.expired'),
            '422': errorResponse('otp.invalid with attemptsLeft'),
            '429': errorResponse('otp.locked'),
          },
        },
      },
      '/login/{id}/otp/resend': {
        post: {
          summary: 'Send a new sign-in code',
          parameters: [flowIdParameter],
          responses: { '202': { description: 'Sent' }, '404': errorResponse('Unknown flow'), '410': errorResponse('Expired flow'), '429': errorResponse('Too soon or too many') },
        },
      },
      '/me': {
        get: {
          summary: 'The signed-in account (session cookie or Authorization: Bearer)',
          responses: {
            '200': {
              description: 'The account',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      username: { type: 'string' },
                      status: { type: 'string' },
                      idNumberMasked: { type: 'string' },
                      mobileMasked: { type: ['string', 'null'] },
                      email: { type: 'string' },
                      preferredLanguage: { type: 'string' },
                    },
                  },
                },
              },
            },
            '401': errorResponse('auth.required'),
          },
        },
      },
      '/logout': { post: { summary: 'End the current session', responses: { '204': { description: 'Signed out' }, '401': errorResponse('auth.required') } } },
      '/sessions': {
        get: {
          summary: "The holder's live sessions",
          responses: { '200': { description: 'Sessions, newest first', content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } }, '401': errorResponse('auth.required') },
        },
      },
      '/sessions/{id}': {
        delete: {
          summary: 'End one of the holder\'s sessions',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Ended' }, '401': errorResponse('auth.required'), '404': errorResponse('No such live session') },
        },
      },
      '/usernames/{username}': {
        get: {
          summary: 'Whether a username can be chosen',
          parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'Availability',
              content: { 'application/json': { schema: { type: 'object', required: ['available'], properties: { available: { type: 'boolean' }, reasons: { type: 'array', items: { type: 'string' } } } } } },
            },
            '429': errorResponse('Rate limited'),
          },
        },
      },
    },
  };
}
