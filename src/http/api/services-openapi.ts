// The e-services' part of the OpenAPI document: dashboard, catalogue, a service's page data,
// submitting a request (Idempotency-Key), the holder's requests, and paying a request's SADAD bill.
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: object) => ({ 'application/json': { schema } });
const language = { $ref: '#/components/parameters/AcceptLanguage' };
const serviceId = { name: 'id', in: 'path', required: true, description: 'Service id, e.g. traffic.licence_renewal', schema: { type: 'string', pattern: '^[a-z_]+(\\.[a-z_]+)+$' } } as const;
const requestId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } } as const;
const notActive = errorResponse('eservices.account_not_active: the account is not activated yet');
const signedIn = { '401': errorResponse('auth.required'), '403': notActive } as const;
const statuses = ['submitted', 'awaiting_payment', 'paid', 'under_review', 'approved', 'shipped', 'delivered', 'completed', 'rejected', 'cancelled'];

export const servicesSchemas = {
  ServiceRequest: {
    type: 'object',
    required: ['id', 'reference', 'service', 'status', 'feeHalalas', 'createdAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      reference: { type: 'string', pattern: '^\\d{12}$', description: 'What the holder quotes' },
      service: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } },
      status: { type: 'string', enum: statuses },
      statusText: { type: 'string' },
      feeHalalas: { type: 'integer', description: 'Fee in halalas (SAR 1 = 100)' },
      fee: { type: 'string', examples: ['40.00'] },
      billNumber: { type: ['string', 'null'] },
      trackingNumber: { type: ['string', 'null'] },
      result: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  ServiceRequestDetails: {
    allOf: [
      { $ref: '#/components/schemas/ServiceRequest' },
      {
        type: 'object',
        properties: {
          bill: {
            type: ['object', 'null'],
            properties: {
              number: { type: 'string' },
              amountHalalas: { type: 'integer' },
              status: { type: 'string', enum: ['unpaid', 'paid', 'expired'] },
              expiresAt: { type: 'string', format: 'date-time' },
              paidAt: { type: ['string', 'null'], format: 'date-time' },
            },
          },
          shipment: {
            type: ['object', 'null'],
            properties: {
              trackingNumber: { type: 'string' },
              status: { type: 'string', enum: ['created', 'in_transit', 'out_for_delivery', 'delivered'] },
              shortAddress: { type: 'string' },
              events: { type: 'array', items: { type: 'object', properties: { status: { type: 'string' }, at: { type: 'string', format: 'date-time' } } } },
            },
          },
          history: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: ['string', 'null'] },
                to: { type: 'string', enum: statuses },
                statusText: { type: 'string' },
                actor: { type: 'string', enum: ['holder', 'system', 'payments', 'sector', 'post'] },
                at: { type: 'string', format: 'date-time' },
                atHijri: { type: 'string', description: 'The day in the Umm al-Qura calendar' },
                note: { type: ['object', 'null'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
              },
            },
          },
        },
      },
    ],
  },
  DisplayValue: {
    description: 'A value to show: text, a date (ISO with its Hijri and Gregorian wording) or an amount',
    type: 'object',
    properties: {
      kind: { type: 'string', enum: ['text', 'date', 'money'] },
      text: { type: 'string' },
      date: { type: 'string' },
      hijri: { type: 'string' },
      gregorian: { type: 'string' },
      halalas: { type: 'integer' },
      riyals: { type: 'string' },
    },
  },
} as const;

export const servicesPaths = {
  '/dashboard': {
    get: {
      summary: 'The active holder’s dashboard: welcome, status, notices (account notices and request status changes), requests in progress',
      parameters: [language],
      responses: {
        '200': {
          description: 'The dashboard',
          content: json({
            type: 'object',
            properties: {
              welcome: { type: 'string', examples: ['مرحباً، سالم'] },
              name: { type: ['object', 'null'], properties: { ar: { type: 'string' }, en: { type: 'string' } } },
              status: { type: 'string' },
              notices: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string' }, at: { type: 'string', format: 'date-time' }, message: { type: 'string' } } } },
              openRequests: { type: 'array', items: { $ref: '#/components/schemas/ServiceRequest' } },
            },
          }),
        },
        ...signedIn,
      },
    },
  },
  '/services': {
    get: {
      summary: 'The catalogue by sector, optionally searched (Arabic spelling variants and English alike)',
      parameters: [
        language,
        { name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 } },
        { name: 'sector', in: 'query', schema: { type: 'string', enum: ['civil_affairs', 'passports', 'traffic', 'public_security'] } },
      ],
      responses: {
        '200': {
          description: 'Sectors and their services',
          content: json({
            type: 'object',
            properties: {
              sectors: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    sector: { type: 'string' },
                    title: { type: 'string' },
                    services: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' }, summary: { type: 'string' } } } },
                  },
                },
              },
            },
          }),
        },
        '401': errorResponse('auth.required'),
      },
    },
  },
  '/services/{id}': {
    get: {
      summary: 'A service for the holder: their records (overview), the form fields, whether they may apply (and why not), their requests',
      parameters: [serviceId, language],
      responses: {
        '200': {
          description: 'The service',
          content: json({
            type: 'object',
            properties: {
              id: { type: 'string' },
              sector: { type: 'string' },
              title: { type: 'string' },
              summary: { type: 'string' },
              inquiryOnly: { type: 'boolean' },
              overview: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    kind: { type: 'string', enum: ['facts', 'table'] },
                    title: { type: 'string' },
                    facts: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, value: { $ref: '#/components/schemas/DisplayValue' } } } },
                    columns: { type: 'array', items: { type: 'string' } },
                    rows: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          cells: { type: 'array', items: { $ref: '#/components/schemas/DisplayValue' } },
                          actions: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, service: { type: 'string' }, prefill: { type: 'object' } } } },
                        },
                      },
                    },
                  },
                },
              },
              fields: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    name: { type: 'string' },
                    kind: { type: 'string', enum: ['text', 'textarea', 'choice', 'confirm'] },
                    label: { type: 'string' },
                    hint: { type: 'string' },
                    multiple: { type: 'boolean' },
                    options: { type: 'array', items: { type: 'object', properties: { value: { type: 'string' }, label: { type: 'string' }, date: { type: 'string' } } } },
                  },
                },
              },
              eligible: { type: 'boolean' },
              ineligible: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
              requests: { type: 'array', items: { $ref: '#/components/schemas/ServiceRequest' } },
            },
          }),
        },
        ...signedIn,
        '404': errorResponse('eservices.not_found'),
        '503': errorResponse('traffic.unavailable, payments.unavailable, …: a sector system is down'),
      },
    },
  },
  '/services/{id}/requests': {
    post: {
      summary: 'Submit a request. The same Idempotency-Key returns the first request (200); with other details, 422 eservices.idempotency_mismatch',
      parameters: [
        serviceId,
        language,
        { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,100}$' } },
      ],
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          description: 'The service’s fields (see GET /services/{id}); e.g. traffic.licence_renewal: {"years": "2", "deliver": true}',
          additionalProperties: true,
        }),
      },
      responses: {
        '201': { description: 'Created (moved as far as it can go: e.g. awaiting_payment with its SADAD bill)', content: json({ $ref: '#/components/schemas/ServiceRequestDetails' }) },
        '200': { description: 'The request this Idempotency-Key created before', content: json({ $ref: '#/components/schemas/ServiceRequestDetails' }) },
        '400': errorResponse('eservices.idempotency_key_invalid'),
        ...signedIn,
        '404': errorResponse('eservices.not_found'),
        '409': errorResponse('eservices.request_open: the subject already has a request in progress'),
        '422': errorResponse('validation.failed (fields), eservices.not_eligible (fields.eligibility: every failing rule), eservices.idempotency_mismatch'),
        '503': errorResponse('a sector system is down'),
      },
    },
  },
  '/service-requests': {
    get: {
      summary: 'The holder’s requests, newest first',
      parameters: [language],
      responses: {
        '200': { description: 'Requests', content: json({ type: 'object', properties: { requests: { type: 'array', items: { $ref: '#/components/schemas/ServiceRequest' } } } }) },
        '401': errorResponse('auth.required'),
      },
    },
  },
  '/service-requests/{id}': {
    get: {
      summary: 'One of the holder’s requests with its history, bill and shipment (asks the sector systems for news first)',
      parameters: [requestId, language],
      responses: {
        '200': { description: 'The request', content: json({ $ref: '#/components/schemas/ServiceRequestDetails' }) },
        ...signedIn,
        '404': errorResponse('eservices.request_not_found'),
      },
    },
  },
  '/service-requests/{id}/payment': {
    post: {
      summary: 'Pay the request’s SADAD bill from the holder’s bank channel; paying twice is refused and charges nothing',
      parameters: [requestId, language],
      responses: {
        '200': { description: 'Paid; the request moved on', content: json({ $ref: '#/components/schemas/ServiceRequestDetails' }) },
        ...signedIn,
        '404': errorResponse('eservices.request_not_found'),
        '409': errorResponse('payments.already_paid, payments.bill_expired, eservices.wrong_status'),
        '503': errorResponse('payments.unavailable'),
      },
    },
  },
} as const;
