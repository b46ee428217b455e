// The OpenAPI paths of forgot password and forgot username (src/http/api/recovery.ts), merged into
// the document of openapi.ts. Guarantees: every recovery route is described with its methods, bodies,
// answers and error codes, so the documentation test covers them like the rest of /api/v1.

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: object) => ({ 'application/json': { schema } });
const flowId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } } as const;
const acceptLanguage = { $ref: '#/components/parameters/AcceptLanguage' } as const;

const startBody = {
  required: true,
  content: json({
    type: 'object',
    required: ['idNumber', 'mobile', 'captcha'],
    properties: {
      idNumber: { type: 'string', examples: ['1012345672'] },
      mobile: { type: 'string', examples: ['0512345678'], description: 'The mobile on the account, in any accepted form (05…, 5…, +9665…, 009665…)' },
      captcha: { $ref: '#/components/schemas/CaptchaAnswer' },
    },
  }),
};

const codeSent = {
  mobileMasked: { type: 'string', examples: ['+966 5•••••678'] },
  otpExpiresAt: { type: 'string', format: 'date-time' },
  resendAvailableAt: { type: 'string', format: 'date-time' },
} as const;

const passwordResetState = {
  type: 'object',
  required: ['resetId', 'state', 'expiresAt'],
  properties: {
    resetId: { type: 'string', format: 'uuid' },
    state: { type: 'string', enum: ['question', 'otp_sent', 'new_password', 'completed', 'failed'] },
    expiresAt: { type: 'string', format: 'date-time', description: 'The flow lives 15 minutes' },
    question: {
      type: 'object',
      required: ['kind'],
      description: 'Only in state question. iqama_expiry and id_card_expiry take a date (yyyy-mm-dd or dd/mm/yyyy); passport_number a passport number',
      properties: { kind: { type: 'string', enum: ['iqama_expiry', 'id_card_expiry', 'passport_number'] } },
    },
    attemptsLeft: { type: 'integer', description: 'Answers left (3 in all) while the question is open' },
    ...codeSent,
  },
} as const;

const usernameReminderState = {
  type: 'object',
  required: ['reminderId', 'state', 'expiresAt'],
  properties: {
    reminderId: { type: 'string', format: 'uuid' },
    state: { type: 'string', enum: ['otp_sent', 'completed'] },
    expiresAt: { type: 'string', format: 'date-time' },
    username: { type: ['string', 'null'], description: 'Only in state completed (until the flow expires)' },
    ...codeSent,
  },
} as const;

const startErrors = {
  '400': errorResponse('Malformed body'),
  '403': errorResponse('account.disabled'),
  '422': errorResponse(
    'validation.failed (id.format, id.checksum, mobile.format, captcha.required, captcha.wrong) or recovery.details_mismatch: the same answer whether the ID is unknown or the mobile is not the one on the account',
  ),
  '429': errorResponse('rate.limited with retryAfter: 5 failures for the ID (or 50 from the address) within the hour; or too many codes'),
};

const flowErrors = {
  '404': errorResponse('flow.not_found'),
  '409': errorResponse('flow.wrong_state: the flow is not at this step (or is over)'),
  '410': errorResponse('flow.expired or otp.expired'),
};

const codeErrors = {
  ...flowErrors,
  '422': errorResponse('otp.invalid with attemptsLeft'),
  '429': errorResponse('otp.locked (retryAfter when the person is locked)'),
};

const resendAnswer = {
  ...flowErrors,
  '429': errorResponse('otp.resend_too_soon, otp.send_limit or otp.locked, with retryAfter'),
};

const codeBody = { required: true, content: json({ type: 'object', required: ['code'], properties: { code: { type: 'string', examples: ['123456'] } } }) };

export const recoveryPaths = {
  '/password-resets': {
    post: {
      summary: 'Forgot password: ID number + mobile on the account + visual code; answers with the registry question',
      parameters: [acceptLanguage],
      requestBody: startBody,
      responses: {
        '201': { description: 'The question to answer', content: json({ $ref: '#/components/schemas/PasswordResetState' }) },
        '409': errorResponse('recovery.no_question: the registry holds nothing to ask (visit an office)'),
        '503': errorResponse('The civil registry is not answering'),
        ...startErrors,
      },
    },
  },
  '/password-resets/{id}': {
    get: {
      summary: 'Read a forgot-password flow',
      parameters: [flowId],
      responses: { '200': { description: 'The flow', content: json({ $ref: '#/components/schemas/PasswordResetState' }) }, ...flowErrors },
    },
  },
  '/password-resets/{id}/answer': {
    post: {
      summary: 'Answer the registry question; the right answer sends an SMS code to the account mobile',
      parameters: [flowId, acceptLanguage],
      requestBody: { required: true, content: json({ type: 'object', required: ['answer'], properties: { answer: { type: 'string', examples: ['2027-03-14', '14/03/2027', 'A12345678'] } } }) },
      responses: {
        '200': { description: 'Code sent (state otp_sent)', content: json({ $ref: '#/components/schemas/PasswordResetState' }) },
        ...flowErrors,
        '410': errorResponse('recovery.failed: the third wrong answer ended the flow (attemptsLeft 0); or flow.expired'),
        '422': errorResponse('recovery.wrong_answer with attemptsLeft; validation.failed (recovery.answer_required, recovery.answer_format_date, recovery.answer_format_passport) is not counted'),
        '429': errorResponse('Too many codes for this mobile or person'),
        '503': errorResponse('The civil registry is not answering'),
      },
    },
  },
  '/password-resets/{id}/otp': {
    post: {
      summary: 'Verify the SMS code; the flow then waits for the new password',
      parameters: [flowId, acceptLanguage],
      requestBody: codeBody,
      responses: { '200': { description: 'state new_password', content: json({ $ref: '#/components/schemas/PasswordResetState' }) }, ...codeErrors },
    },
  },
  '/password-resets/{id}/otp/resend': {
    post: {
      summary: 'Send a new code (after 60 s, at most 5 per flow and 10 per mobile an hour)',
      parameters: [flowId],
      responses: { '202': { description: 'Sent', content: json({ $ref: '#/components/schemas/PasswordResetState' }) }, ...resendAnswer },
    },
  },
  '/password-resets/{id}/password': {
    post: {
      summary: 'Set the new password: every session of the account ends, its lockout is cleared and the holder is told by SMS and e-mail',
      parameters: [flowId, acceptLanguage],
      requestBody: {
        required: true,
        content: json({ type: 'object', required: ['password', 'passwordConfirmation'], properties: { password: { type: 'string' }, passwordConfirmation: { type: 'string' } } }),
      },
      responses: {
        '200': { description: 'Changed', content: json({ type: 'object', required: ['state'], properties: { state: { const: 'completed' } } }) },
        ...flowErrors,
        '422': errorResponse('Every failing rule of the password policy, password.mismatch, or password.reused (one of the last 3 passwords)'),
      },
    },
  },
  '/username-reminders': {
    post: {
      summary: 'Forgot username: ID number + mobile on the account + visual code; sends an SMS code',
      parameters: [acceptLanguage],
      requestBody: startBody,
      responses: { '201': { description: 'Code sent', content: json({ $ref: '#/components/schemas/UsernameReminderState' }) }, ...startErrors },
    },
  },
  '/username-reminders/{id}': {
    get: {
      summary: 'Read a forgot-username flow (the username once completed, until it expires)',
      parameters: [flowId],
      responses: { '200': { description: 'The flow', content: json({ $ref: '#/components/schemas/UsernameReminderState' }) }, ...flowErrors },
    },
  },
  '/username-reminders/{id}/otp': {
    post: {
      summary: 'Verify the SMS code: answers the username and sends it by SMS',
      parameters: [flowId, acceptLanguage],
      requestBody: codeBody,
      responses: { '200': { description: 'state completed, with the username', content: json({ $ref: '#/components/schemas/UsernameReminderState' }) }, ...codeErrors },
    },
  },
  '/username-reminders/{id}/otp/resend': {
    post: {
      summary: 'Send a new code',
      parameters: [flowId],
      responses: { '202': { description: 'Sent', content: json({ $ref: '#/components/schemas/UsernameReminderState' }) }, ...resendAnswer },
    },
  },
} as const;

export const recoverySchemas = {
  PasswordResetState: passwordResetState,
  UsernameReminderState: usernameReminderState,
} as const;
