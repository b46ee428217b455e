// The one list of e-services: each service folder exports its definition and is imported here
// (one line each). Guarantees: the catalogue is built from exactly this list, in this order.
import type { ServiceDefinition } from './definition.ts';
import { trafficViolations } from './traffic/violations/service.ts';
import { violationPayment } from './traffic/violation-payment/service.ts';
import { violationDispute } from './traffic/violation-dispute/service.ts';
import { licenceRenewal } from './traffic/licence-renewal/service.ts';
import { trafficVehicles } from './traffic/vehicles/service.ts';
import { stolenVehicleReport } from './traffic/stolen-vehicle/service.ts';
import { nationalIdRenewal } from './civil-affairs/national-id-renewal/service.ts';
import { digitalIdCard } from './civil-affairs/digital-id/service.ts';
import { familyMembers } from './family/members/service.ts';
import { newbornRegistration } from './family/newborn/service.ts';
import { iqamaRenewal } from './passports/iqama-renewal/service.ts';
import { exitReentryVisa } from './passports/exit-reentry-visa/service.ts';

export const allServices: readonly ServiceDefinition<any>[] = [
  trafficViolations,
  violationPayment,
  violationDispute,
  licenceRenewal,
  trafficVehicles,
  stolenVehicleReport,
  nationalIdRenewal,
  digitalIdCard,
  familyMembers,
  newbornRegistration,
  iqamaRenewal,
  exitReentryVisa,
];
