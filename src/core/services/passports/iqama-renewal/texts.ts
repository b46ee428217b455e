// The Iqama renewal's words, in Arabic and English (keys relative to passports.iqama_renewal).
import type { ServiceTexts } from '../../definition.ts';

export const iqamaRenewalTexts: ServiceTexts = {
  ar: {
    title: 'تجديد الإقامة',
    summary: 'جدّد إقامتك لسنة أو سنتين بعد سداد رسومها، وتصلك البطاقة بالبريد على عنوانك الوطني.',
    'field.years': 'مدة التجديد',
    'field.years_hint': 'إن كنت سددت رسوم الإقامة للمدة الجديدة عبر بنكك فلن تُطلب منك رسوم هنا.',
    'field.years_1': 'سنة واحدة ({fee} ريال)',
    'field.years_2': 'سنتان ({fee} ريال)',
    years_required: 'اختر مدة التجديد.',
    fee: 'رسوم تجديد الإقامة',
    none: 'لا توجد لديك إقامة. هذه الخدمة للمقيمين.',
    dependent: 'إقامة التابع يجددها صاحب العمل أو العائل.',
    cancelled: 'إقامتك ملغاة ولا يمكن تجديدها إلكترونيًا.',
    too_early: 'يمكن التجديد قبل انتهاء الإقامة بـ {window} يومًا أو أقل؛ حاول بعد {days} يومًا.',
    'note.renewed': 'جُدّدت الإقامة حتى {expiry}.',
  },
  en: {
    title: 'Iqama renewal',
    summary: 'Renew your Iqama for one or two years once its fee is paid; the card comes by post to your national address.',
    'field.years': 'Renew for',
    'field.years_hint': 'If you already paid the residence fees for the new period at your bank, no fee is asked here.',
    'field.years_1': 'One year ({fee} SAR)',
    'field.years_2': 'Two years ({fee} SAR)',
    years_required: 'Choose how long to renew for.',
    fee: 'Iqama renewal fee',
    none: 'You hold no Iqama. This service is for residents.',
    dependent: 'A dependent’s Iqama is renewed by their sponsor.',
    cancelled: 'Your Iqama is cancelled and cannot be renewed online.',
    too_early: 'You can renew within {window} days of the expiry; try again in {days} days.',
    'note.renewed': 'Iqama renewed until {expiry}.',
  },
};
