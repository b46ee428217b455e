// The OpenAPI 3.1 document of the JSON API, served at /api/openapi.json. Guarantees: it describes
// every route under /api/v1 with its request and answer shapes and the error envelope of API.md;
// a test checks that each route the server registers is documented here.
import { recoveryPaths, recoverySchemas } from './recovery-openapi.ts';
import { nafathPaths, nafathSchemas } from './nafath-openapi.ts';
import { partnerPaths, partnerSchemas, partnerSecuritySchemes } from '../partner/openapi.ts';
import { digitalIdPaths, digitalIdSchemas } from './digital-id-openapi.ts';
import { servicesPaths, servicesSchemas } from './services-openapi.ts';

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

/** The signed-in holder's account changes (mobile, e-mail, password, language). */
const signedInErrors = { '401': errorResponse('auth.required'), '403': errorResponse('account.suspended or account.disabled') } as const;

const mobileChangeState = {
  type: 'object',
  required: ['changeId', 'state', 'mobileMasked', 'oldMobileMasked', 'newMobileMasked'],
  properties: {
    changeId: { type: 'string', format: 'uuid' },
    state: { type: 'string', enum: ['old_code', 'new_code', 'completed'], description: 'old_code: a code went to the current number; new_code: then one to the new number' },
    mobileMasked: { type: 'string', description: 'Where the code of this step went (the new number once completed)', examples: ['+966 5•••••678'] },
    oldMobileMasked: { type: 'string' },
    newMobileMasked: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
    otpExpiresAt: { type: ['string', 'null'], format: 'date-time' },
    resendAvailableAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const emailChangeState = {
  type: 'object',
  required: ['changeId', 'state', 'emailMasked'],
  properties: {
    changeId: { type: 'string', format: 'uuid' },
    state: { type: 'string', enum: ['otp_sent', 'completed'] },
    emailMasked: { type: 'string', description: 'The new address, where the code went', examples: ['s•••••i@example.sa'] },
    expiresAt: { type: 'string', format: 'date-time' },
    otpExpiresAt: { type: ['string', 'null'], format: 'date-time' },
    resendAvailableAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const changeIdParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } } as const;
const codeBody = { required: true, content: { 'application/json': { schema: { type: 'object', required: ['code'], properties: { code: { type: 'string', examples: ['123456'] } } } } } } as const;
const resent = (recipient: string) => ({
  description: 'Sent',
  content: {
    'application/json': {
      schema: { type: 'object', properties: { [recipient]: { type: 'string' }, resendAvailableAt: { type: 'string', format: 'date-time' }, otpExpiresAt: { type: 'string', format: 'date-time' } } },
    },
  },
});
const json = (schema: object) => ({ 'application/json': { schema } });

const accountChangePaths = {
  '/me/mobile-changes': {
    post: {
      summary: 'Start a mobile change: sends a code to the current number (a lost number is changed at a kiosk or an office)',
      parameters: [{ $ref: '#/components/parameters/AcceptLanguage' }],
      requestBody: { required: true, content: json({ type: 'object', required: ['mobile'], properties: { mobile: { type: 'string', examples: ['0551234567'] } } }) },
      responses: {
        '201': { description: 'Code sent to the current number', content: json(mobileChangeState) },
        '400': errorResponse('Malformed body'),
        ...signedInErrors,
        '409': errorResponse('mobile_change.no_current_mobile: the account has no mobile (use a kiosk or an office)'),
        '422': errorResponse('fields.mobile: mobile.required, mobile.format or mobile.same_as_current'),
        '429': errorResponse('otp.send_limit or otp.locked, with retryAfter'),
      },
    },
  },
  '/me/mobile-changes/{id}': {
    get: {
      summary: 'Read one of the holder\'s mobile changes',
      parameters: [changeIdParameter],
      responses: { '200': { description: 'The change', content: json(mobileChangeState) }, ...signedInErrors, '404': errorResponse('Unknown change, or another account\'s'), '410': errorResponse('Expired') },
    },
  },
  '/me/mobile-changes/{id}/otp': {
    post: {
      summary: 'Verify the code of the current step: the old number\'s code moves to new_code (a code goes to the new number), the new number\'s code completes the change',
      parameters: [changeIdParameter, { $ref: '#/components/parameters/AcceptLanguage' }],
      requestBody: codeBody,
      responses: {
        '200': { description: 'new_code, or completed (the number moved from any account that held it)', content: json(mobileChangeState) },
        ...signedInErrors,
        '404': errorResponse('Unknown change, or another account\'s'),
        '409': errorResponse('flow.wrong_state (already completed), mobile_change.stale (the current number changed meanwhile) or mobile_change.conflict'),
        '410': errorResponse('otp.expired or flow.expired'),
        '422': errorResponse('otp.invalid with attemptsLeft'),
        '429': errorResponse('otp.locked, or otp.send_limit for the new number'),
      },
    },
  },
  '/me/mobile-changes/{id}/otp/resend': {
    post: {
      summary: 'Send a new code for the current step',
      parameters: [changeIdParameter],
      responses: { '202': resent('mobileMasked'), ...signedInErrors, '404': errorResponse('Unknown change'), '410': errorResponse('Expired'), '429': errorResponse('Too soon or too many, with retryAfter') },
    },
  },
  '/me/email-changes': {
    post: {
      summary: 'Start an e-mail change: sends a 6-digit code by e-mail to the new address',
      parameters: [{ $ref: '#/components/parameters/AcceptLanguage' }],
      requestBody: {
        required: true,
        content: json({ type: 'object', required: ['email', 'emailConfirmation'], properties: { email: { type: 'string' }, emailConfirmation: { type: 'string' } } }),
      },
      responses: {
        '201': { description: 'Code sent to the new address', content: json(emailChangeState) },
        '400': errorResponse('Malformed body'),
        ...signedInErrors,
        '422': errorResponse('fields: email.required, email.format, email.same_as_current, email.confirmation_required, email.mismatch'),
        '429': errorResponse('otp.send_limit (10 codes an hour per address) or otp.locked, with retryAfter'),
      },
    },
  },
  '/me/email-changes/{id}': {
    get: {
      summary: 'Read one of the holder\'s e-mail changes',
      parameters: [changeIdParameter],
      responses: { '200': { description: 'The change', content: json(emailChangeState) }, ...signedInErrors, '404': errorResponse('Unknown change, or another account\'s'), '410': errorResponse('Expired') },
    },
  },
  '/me/email-changes/{id}/otp': {
    post: {
      summary: 'Verify the e-mailed code; changes the address (the old address is told)',
      parameters: [changeIdParameter, { $ref: '#/components/parameters/AcceptLanguage' }],
      requestBody: codeBody,
      responses: {
        '200': { description: 'Completed', content: json(emailChangeState) },
        ...signedInErrors,
        '404': errorResponse('Unknown change, or another account\'s'),
        '409': errorResponse('flow.wrong_state: already completed'),
        '410': errorResponse('otp.expired or flow.expired'),
        '422': errorResponse('otp.invalid with attemptsLeft'),
        '429': errorResponse('otp.locked'),
      },
    },
  },
  '/me/email-changes/{id}/otp/resend': {
    post: {
      summary: 'Send a new code to the new address',
      parameters: [changeIdParameter],
      responses: { '202': resent('emailMasked'), ...signedInErrors, '404': errorResponse('Unknown change'), '410': errorResponse('Expired'), '429': errorResponse('Too soon or too many, with retryAfter') },
    },
  },
  '/me/password': {
    put: {
      summary: 'Change the password: every other session ends (this one stays); the holder is told by SMS and e-mail',
      parameters: [{ $ref: '#/components/parameters/AcceptLanguage' }],
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          required: ['currentPassword', 'password', 'passwordConfirmation'],
          properties: { currentPassword: { type: 'string' }, password: { type: 'string' }, passwordConfirmation: { type: 'string' } },
        }),
      },
      responses: {
        '204': { description: 'Changed' },
        '400': errorResponse('Malformed body'),
        ...signedInErrors,
        '422': errorResponse('password.current_wrong (counted toward the sign-in lockout), or validation.failed: the policy\'s codes, password.reused (one of the last 3), password.mismatch, password.current_required'),
        '423': errorResponse('login.locked with retryAfter: too many wrong passwords for this account'),
      },
    },
  },
  '/me/language': {
    put: {
      summary: 'Change the preferred language of messages (told by SMS in the new language)',
      requestBody: { required: true, content: json({ type: 'object', required: ['preferredLanguage'], properties: { preferredLanguage: { type: 'string', enum: ['ar', 'en'] } } }) },
      responses: { '204': { description: 'Changed' }, '400': errorResponse('Malformed body'), ...signedInErrors, '422': errorResponse('fields.preferredLanguage: language.invalid') },
    },
  },
} as const;

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
        ...recoverySchemas,
        ...nafathSchemas,
        ...partnerSchemas,
        ...digitalIdSchemas,
        ...servicesSchemas,
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
      securitySchemes: {
        ...partnerSecuritySchemes,
        // API.md "Single sign-on": the OpenID Provider (issuer PUBLIC_URL/oidc) and its discovery document.
        AbsherSingleSignOn: { type: 'openIdConnect', openIdConnectUrl: `${publicUrl}/oidc/.well-known/openid-configuration` },
      },
    },
    paths: {
      ...recoveryPaths,
      ...nafathPaths,
      ...partnerPaths,
      ...digitalIdPaths,
      ...servicesPaths,
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
              description: 'Signed in; or, for a kiosk-issued temporary password, `{"loginId", "state": "new_password"}` and no session until POST /login/{id}/password',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      account: { $ref: '#/components/schemas/AccountSummary' },
                      token: { type: 'string' },
                      expiresAt: { type: 'string', format: 'date-time' },
                      loginId: { type: 'string', format: 'uuid' },
                      state: { const: 'new_password' },
                    },
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
      ...accountChangePaths,
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
