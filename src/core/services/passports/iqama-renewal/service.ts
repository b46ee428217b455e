// Iqama renewal (Passports): a resident renews their own Iqama for one or two years. The fee (650
// SAR a year) is paid by SADAD bill — or nothing is asked when the passports system shows the fees
// already paid for the new period; then the fees are recorded and the Iqama renewed (references
// derived from the request id, so retries never renew twice) and the new card goes by post.
// Guarantees: one open renewal per Iqama; the passports system's refusal rejects the request.
import { defineService, stepSets } from '../../definition.ts';
import { iqamaRenewalFields, iqamaRenewalForm, type IqamaRenewalInput } from './form.ts';
import { iqamaFeeHalalas, iqamaRenewalRules, renewedIqamaExpiry } from './rules.ts';
import { iqamaRenewalTexts } from './texts.ts';
import { iqamaOfHolder } from '../../family/records.ts';
import { AppError } from '../../../errors.ts';

const id = 'passports.iqama_renewal';

export const iqamaRenewal = defineService<IqamaRenewalInput>({
  id,
  sector: 'passports',
  texts: iqamaRenewalTexts,
  keywords: ['إقامة', 'تجديد', 'iqama', 'residence', 'renew'],
  form: iqamaRenewalForm,
  fields: iqamaRenewalFields,
  rules: iqamaRenewalRules,
  async fee(context, input) {
    const iqama = await iqamaOfHolder(context);
    const halalas = iqama ? iqamaFeeHalalas(iqama, input.years, context.today) : 0;
    return halalas > 0 ? { halalas, description: { id: `${id}.fee` } } : null;
  },
  subjectKey: (context) => `iqama:${context.person.idNumber}`,
  steps: stepSets.paidThenDelivered,
  document: { contents: 'iqama' },
  async process(context, request) {
    const { passports } = context.systems;
    const holderId = context.person.idNumber;
    const iqama = await passports.iqamaOf(holderId);
    if (!iqama) throw new AppError('passports.refused', { params: { reason: 'not_found' } });
    // The expiry this request pays for: fixed by the fee at submission, whatever happens meanwhile.
    const paidThrough = typeof request.result.paidThrough === 'string' ? request.result.paidThrough : renewedIqamaExpiry(iqama, request.input.years, context.today);
    if (request.feeHalalas > 0) await passports.recordIqamaFees(holderId, paidThrough, `${request.id}:fees`);
    const renewed = await passports.renewIqama(holderId, request.input.years, request.id);
    return { status: 'approved', result: { expiresOn: renewed.expiresOn }, note: { id: `${id}.note.renewed`, params: { expiry: renewed.expiresOn } } };
  },
});
