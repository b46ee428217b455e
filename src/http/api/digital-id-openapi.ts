// The OpenAPI paths of the digital ID (src/http/api/digital-id.ts) and of the national ID renewal's
// photo intake (src/http/api/id-photos.ts), merged into the document of openapi.ts.
// Guarantees: each route is described with its answers and error codes.

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: object) => ({ 'application/json': { schema } });
const acceptLanguage = { $ref: '#/components/parameters/AcceptLanguage' } as const;
const isoDate = { type: 'string', format: 'date' } as const;

const cardClaims = {
  type: 'object',
  required: ['id_masked', 'id_kind', 'name_ar', 'name_en', 'nationality', 'birth_date', 'document_expiry'],
  properties: {
    id_masked: { type: 'string', examples: ['1••••••672'] },
    id_kind: { type: 'string', enum: ['national_id', 'iqama', 'border'] },
    name_ar: { type: 'string' },
    name_en: { type: 'string' },
    nationality: { type: 'string', pattern: '^[A-Z]{3}$' },
    birth_date: isoDate,
    document_expiry: isoDate,
  },
} as const;

export const digitalIdSchemas = {
  DigitalIdCard: {
    type: 'object',
    required: ['card', 'token', 'verifyUrl', 'qr', 'issuedAt', 'expiresAt'],
    properties: {
      card: {
        type: 'object',
        required: ['nameAr', 'nameEn', 'idMasked', 'idKind', 'category', 'nationality', 'birthDate', 'documentExpiry', 'documentStatus', 'photoId'],
        properties: {
          nameAr: { type: 'string' },
          nameEn: { type: 'string' },
          idMasked: { type: 'string' },
          idKind: { type: 'string', enum: ['national_id', 'iqama', 'border'] },
          category: { type: 'string', enum: ['citizen', 'resident', 'visitor', 'gcc', 'dependent'] },
          nationality: { type: 'string' },
          birthDate: isoDate,
          documentExpiry: isoDate,
          documentStatus: { type: 'string', enum: ['valid', 'expired', 'cancelled'] },
          photoId: { type: ['string', 'null'], format: 'uuid' },
        },
      },
      token: { type: 'string', description: 'Compact JWS (EdDSA, Ed25519, typ absher-id+jwt) holding the card claims; valid 5 minutes' },
      verifyUrl: { type: 'string', format: 'uri', description: 'What the QR code holds: the public verify page with the token' },
      qr: { type: 'string', description: 'The QR code as a data: URL (SVG)' },
      issuedAt: { type: 'string', format: 'date-time' },
      expiresAt: { type: 'string', format: 'date-time' },
    },
  },
  DigitalIdVerdict: {
    oneOf: [
      {
        type: 'object',
        required: ['valid', 'claims', 'issuedAt', 'expiresAt', 'keyId'],
        properties: { valid: { const: true }, claims: cardClaims, issuedAt: { type: 'string', format: 'date-time' }, expiresAt: { type: 'string', format: 'date-time' }, keyId: { type: 'string' } },
      },
      {
        type: 'object',
        required: ['valid', 'reason'],
        properties: { valid: { const: false }, reason: { type: 'string', enum: ['malformed', 'unknown_key', 'bad_signature', 'expired', 'not_yet_valid', 'wrong_issuer'] } },
      },
    ],
  },
} as const;

export const digitalIdPaths = {
  '/me/digital-id': {
    get: {
      summary: 'The active holder’s digital ID card and a fresh signed token for its QR code',
      description: 'The public keys that verify the token are at /.well-known/absher-id-keys.json (`{issuer, keys}`, a JWKS with the issuer).',
      parameters: [acceptLanguage],
      responses: {
        '200': { description: 'The card and its token', content: json({ $ref: '#/components/schemas/DigitalIdCard' }) },
        '401': errorResponse('auth.required'),
        '403': errorResponse('digital_id.not_active: the account is not active'),
        '503': errorResponse('service.unavailable, passports.unavailable or civil.unavailable'),
      },
    },
  },
  '/digital-id/verifications': {
    post: {
      summary: 'Verify a digital ID token or verify URL (no sign-in needed)',
      parameters: [acceptLanguage],
      requestBody: {
        required: true,
        content: json({ type: 'object', required: ['token'], properties: { token: { type: 'string', maxLength: 8000, description: 'The token, or the verify URL the QR code holds' } } }),
      },
      responses: {
        '200': { description: 'The verdict (valid with the claims, or not valid with the reason)', content: json({ $ref: '#/components/schemas/DigitalIdVerdict' }) },
        '400': errorResponse('request.malformed'),
        '429': errorResponse('rate.limited'),
      },
    },
  },
  '/me/id-photos': {
    post: {
      summary: 'Hand in the photo for a national ID renewal (then name its photoId in the renewal request)',
      parameters: [acceptLanguage, { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,100}$' } }],
      requestBody: {
        required: true,
        content: json({ type: 'object', required: ['data'], properties: { data: { type: 'string', description: 'Base64 of a JPEG or PNG (≤ 2 MB, ≥ 200×250, portrait); a data: URL prefix is accepted' } } }),
      },
      responses: {
        '201': {
          description: 'Stored',
          content: json({
            type: 'object',
            required: ['photoId', 'contentType', 'width', 'height'],
            properties: { photoId: { type: 'string', format: 'uuid' }, contentType: { type: 'string', enum: ['image/jpeg', 'image/png'] }, width: { type: 'integer' }, height: { type: 'integer' } },
          }),
        },
        '400': errorResponse('request.malformed'),
        '401': errorResponse('auth.required'),
        '403': errorResponse('eservices.account_not_active'),
        '413': errorResponse('request too large (over 3 MB)'),
        '422': errorResponse('validation.failed with field photo: civil.photo.required, civil.photo.type, civil.photo.too_large, civil.photo.too_small, civil.photo.not_portrait'),
      },
    },
  },
} as const;
