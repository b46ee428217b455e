// The words of the vehicles inquiry (Arabic first), keyed under `traffic.vehicles.`.
export const texts = {
  ar: {
    title: 'مركباتي',
    summary: 'المركبات المسجلة باسمك ولوحاتها وتاريخ انتهاء رخصة سير كل منها.',
    'table.title': 'المركبات المسجلة باسمك',
    'table.empty': 'لا توجد مركبات مسجلة باسمك.',
    'column.plate': 'اللوحة',
    'column.vehicle': 'المركبة',
    'column.serial': 'الرقم التسلسلي',
    'column.registration': 'انتهاء رخصة السير',
    'column.state': 'حالة رخصة السير',
    'state.valid': 'سارية',
    'state.expired': 'منتهية',
  },
  en: {
    title: 'My vehicles',
    summary: 'The vehicles registered in your name, their plates and when each registration (istimara) expires.',
    'table.title': 'Vehicles registered in your name',
    'table.empty': 'No vehicles are registered in your name.',
    'column.plate': 'Plate',
    'column.vehicle': 'Vehicle',
    'column.serial': 'Serial number',
    'column.registration': 'Registration expires',
    'column.state': 'Registration',
    'state.valid': 'Valid',
    'state.expired': 'Expired',
  },
};
