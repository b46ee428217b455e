// A family head's dependents with their documents, gathered from civil affairs (the family record),
// the civil registry (names, birth dates) and passports (Iqama, passport, visas).
// Guarantees: one read of each system per dependent and per service context (memoised on the
// context object, so several rules of one check share it); outages become coded errors.
import type { RegistryPerson } from '../../ports.ts';
import type { ServiceContext } from '../definition.ts';
import type { FamilyRelation } from '../sectors/civil-affairs.ts';
import type { IqamaRecord, PassportRecord, VisaRecord } from '../sectors/passports.ts';
import { sectorCall } from '../sectors/sector-errors.ts';

export type Dependent = {
  person: RegistryPerson;
  relation: FamilyRelation;
  iqama: IqamaRecord | null;
  passport: PassportRecord | null;
  visas: VisaRecord[];
};

const cache = new WeakMap<ServiceContext, Promise<Dependent[]>>();

export function dependentsOf(context: ServiceContext): Promise<Dependent[]> {
  let pending = cache.get(context);
  if (!pending) {
    pending = load(context);
    cache.set(context, pending);
  }
  return pending;
}

async function load(context: ServiceContext): Promise<Dependent[]> {
  const { civilAffairs, passports, registry } = context.systems;
  const members = await sectorCall(() => civilAffairs.familyOf(context.person.idNumber));
  const dependents: Dependent[] = [];
  for (const member of members) {
    const person = await sectorCall(() => registry.findPerson(member.idNumber));
    if (!person || person.deceased) continue;
    const [iqama, passport, visas] = await Promise.all([
      sectorCall(() => passports.iqamaOf(member.idNumber)),
      sectorCall(() => passports.passportOf(member.idNumber)),
      sectorCall(() => passports.visasOf(member.idNumber)),
    ]);
    dependents.push({ person, relation: member.relation, iqama, passport, visas });
  }
  return dependents;
}

/** The holder's own Iqama (memoised likewise). */
const ownIqama = new WeakMap<ServiceContext, Promise<IqamaRecord | null>>();
export function iqamaOfHolder(context: ServiceContext): Promise<IqamaRecord | null> {
  let pending = ownIqama.get(context);
  if (!pending) {
    pending = sectorCall(() => context.systems.passports.iqamaOf(context.person.idNumber));
    ownIqama.set(context, pending);
  }
  return pending;
}
