// The digital ID card in the catalogue (Civil Affairs): an inquiry page with what the card says
// (names, masked number, document expiry) that leads to the card with its signed QR code
// (/digital-id) and to the public verify page. Guarantees: nothing is requested or written here.
import { z } from 'zod';
import { defineService, type OverviewBlock } from '../../definition.ts';
import { maskIdNumber } from '../../../identity/national-id.ts';
import { sectorCall } from '../../sectors/sector-errors.ts';

const id = 'digital_id.card';

export const digitalIdCard = defineService<Record<string, never>>({
  id,
  sector: 'civil_affairs',
  texts: {
    ar: {
      title: 'الهوية الرقمية',
      summary: 'اعرض هويتك الرقمية برمز استجابة سريعة موقّع يتحقق منه أي شخص، حتى دون اتصال.',
      'facts.title': 'بيانات الهوية',
      'fact.name': 'الاسم',
      'fact.number': 'رقم الهوية',
      'fact.expiry': 'تاريخ انتهاء الوثيقة',
      'link.card': 'عرض هويتي الرقمية ورمز التحقق',
      'link.verify': 'التحقق من هوية رقمية لشخص آخر',
    },
    en: {
      title: 'Digital ID',
      summary: 'Show your digital ID with a signed QR code that anyone can verify, even offline.',
      'facts.title': 'Your ID',
      'fact.name': 'Name',
      'fact.number': 'ID number',
      'fact.expiry': 'Document expiry',
      'link.card': 'Show my digital ID and its code',
      'link.verify': 'Verify someone else’s digital ID',
    },
  },
  keywords: ['هوية رقمية', 'رمز', 'تحقق', 'digital id', 'qr', 'verify', 'card'],
  inquiryOnly: true,
  links: [
    { href: '/digital-id', label: `${id}.link.card` },
    { href: '/verify-id', label: `${id}.link.verify` },
  ],
  form: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  fields: async () => [],
  rules: [],
  fee: async () => null,
  subjectKey: (context) => `digital_id:${context.person.idNumber}`,
  steps: { submitted: [] },
  process: async () => ({ status: 'completed' }),
  async overview(context): Promise<OverviewBlock[]> {
    const { person, systems } = context;
    let expiry = person.documentExpiry;
    if (person.idKind === 'national_id') expiry = (await sectorCall(() => systems.civilAffairs.idCardOf(person.idNumber)))?.expiresOn ?? expiry;
    if (person.idKind === 'iqama') expiry = (await sectorCall(() => systems.passports.iqamaOf(person.idNumber)))?.expiresOn ?? expiry;
    return [
      {
        kind: 'facts',
        title: `${id}.facts.title`,
        facts: [
          { label: `${id}.fact.name`, value: { kind: 'text', value: `${person.nameAr} — ${person.nameEn}` } },
          { label: `${id}.fact.number`, value: { kind: 'text', value: maskIdNumber(person.idNumber) } },
          { label: `${id}.fact.expiry`, value: { kind: 'date', iso: expiry } },
        ],
      },
    ];
  },
});
