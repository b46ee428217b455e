import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ServiceCatalogue, foldForSearch } from './catalogue.ts';
import { defineService, stepSets, type ServiceDefinition } from './definition.ts';
import { parseForm } from './request-service.ts';
import { allServices } from './services.ts';
import { AppError } from '../errors.ts';

const sample = (change: Partial<ServiceDefinition<{ name: string }>> = {}) =>
  defineService<{ name: string }>({
    id: 'traffic.sample',
    sector: 'traffic',
    texts: { ar: { title: 'خدمة تجريبية', summary: 'وصف {x}' }, en: { title: 'Sample service', summary: 'About {x}' } },
    form: z.object({ name: z.string('eservices.field_required').min(2, 'traffic.sample.too_short') }),
    fields: async () => [],
    rules: [],
    fee: async () => null,
    subjectKey: () => 'one',
    steps: stepSets.paidThenCompleted,
    process: async () => ({ status: 'completed' }),
    ...change,
  });

describe('service definitions', () => {
  it('when every shipped service is checked, then its texts, steps and id are consistent', () => {
    assert.ok(allServices.length >= 4);
    assert.doesNotThrow(() => new ServiceCatalogue(allServices));
  });

  it('when texts differ between the languages, or a status is unknown, then the definition is refused at start-up', () => {
    assert.throws(() => sample({ texts: { ar: { title: 'أ', summary: 'ب' }, en: { title: 'A', summary: 'B', extra: 'C' } } }), /differ in keys/);
    assert.throws(() => sample({ texts: { ar: { title: 'أ', summary: 'ب {y}' }, en: { title: 'A', summary: 'B {x}' } } }), /placeholders differ/);
    assert.throws(() => sample({ steps: { submitted: ['teleported' as 'completed'] } }), /unknown status/);
    assert.throws(() => sample({ document: { contents: 'x' } }), /must reach shipped/);
    assert.throws(() => sample({ id: 'Sample' }), /lower-case/);
  });

  it('when the same id is listed twice, then the catalogue refuses it', () => {
    assert.throws(() => new ServiceCatalogue([sample(), sample()]), /defined twice/);
  });

  it('when a form is wrong, then each field carries the service’s message id (or the general one)', () => {
    const definition = sample();
    assert.deepEqual(parseForm(definition, { name: 'Ali' }), { name: 'Ali' });
    const codes = (raw: Record<string, unknown>) => {
      try {
        parseForm(definition, raw);
        return null;
      } catch (error) {
        assert.ok(error instanceof AppError);
        return error.details.fields;
      }
    };
    assert.deepEqual(codes({}), { name: [{ code: 'eservices.field_required' }] });
    assert.deepEqual(codes({ name: 'A' }), { name: [{ code: 'traffic.sample.too_short' }] });
  });
});

describe('catalogue search', () => {
  const catalogue = new ServiceCatalogue(allServices);
  const ids = (query: string, language: 'ar' | 'en' = 'ar') => catalogue.search(query, language).flatMap((group) => group.services.map((service) => service.id));

  it('when the query is empty, then every listed service is shown, grouped in the four sectors', () => {
    const groups = catalogue.search('', 'ar');
    assert.deepEqual(groups.map((group) => group.sector), ['civil_affairs', 'passports', 'traffic', 'public_security']);
    assert.ok(ids('').includes('traffic.licence_renewal'));
    assert.ok(!ids('').includes('traffic.violation_dispute'), 'unlisted services are not shown');
  });

  it('when Arabic is typed with other spellings (ه for ة, no hamza, diacritics), then it still matches', () => {
    assert.equal(foldForSearch('رُخْصَة القِيادة'), foldForSearch('رخصه القياده'));
    assert.ok(ids('رخصه القياده').includes('traffic.licence_renewal'));
    assert.ok(ids('مخالفات').includes('traffic.violations'));
  });

  it('when English or a keyword is typed, in any case, then it matches in either language', () => {
    assert.ok(ids('LICENCE', 'en').includes('traffic.licence_renewal'));
    assert.ok(ids('saher', 'ar').includes('traffic.violations'));
    assert.deepEqual(ids('nothing-like-this'), []);
  });
});
