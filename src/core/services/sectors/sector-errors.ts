// How the core meets the registry, passports and civil affairs systems' failures: an outage becomes
// the platform's coded "try later" error for that system; a refusal becomes the system's coded
// "refused" error carrying the reason (so a specific message can be shown).
// Guarantees: any other error passes through unchanged.
import { AppError } from '../../errors.ts';
import { RegistryUnavailableError } from '../../ports.ts';
import { PassportsRefusal, PassportsUnavailableError } from './passports.ts';
import { CivilAffairsRefusal, CivilAffairsUnavailableError } from './civil-affairs.ts';

export async function sectorCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PassportsUnavailableError) throw new AppError('passports.unavailable');
    if (error instanceof CivilAffairsUnavailableError) throw new AppError('civil.unavailable');
    if (error instanceof RegistryUnavailableError) throw new AppError('service.unavailable');
    if (error instanceof PassportsRefusal) throw new AppError('passports.refused', { params: { reason: error.reason } });
    if (error instanceof CivilAffairsRefusal) throw new AppError('civil.refused', { params: { reason: error.reason } });
    throw error;
  }
}
