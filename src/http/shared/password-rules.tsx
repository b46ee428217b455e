// The password rules a page lists under a new-password field, drawn from the policy in force
// (absher or nist), never from a fixed list. Guarantees: every listed rule is one the server applies
// under that policy; rules the page script can check live carry data-rule (public/js/register.js
// marks them met or unmet), the others are listed plain; the field hint matches the policy.
import type { PasswordPolicy } from '../../core/identity/password-policy.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { TextField } from './forms.tsx';

/** Every rule the live checklist knows, in the order pages list them. */
export const passwordRuleIds = ['length', 'characters', 'upper', 'lower', 'digit', 'no_repeat', 'no_sequence', 'no_username'] as const;
export type PasswordRuleId = (typeof passwordRuleIds)[number];

/** The rules of `policy`, in listing order. */
export function passwordRulesOf(policy: PasswordPolicy): PasswordRuleId[] {
  const applies: Record<PasswordRuleId, boolean> = {
    length: true,
    characters: policy.allowedCharacters === 'latin_alphanumeric',
    upper: policy.requireUppercase,
    lower: policy.requireLowercase,
    digit: policy.requireDigit,
    no_repeat: policy.maxIdenticalRun !== null || policy.maxUsesOfOneCharacter !== null,
    no_sequence: policy.maxSequenceRun !== null,
    no_username: policy.forbidUsernamePieceLength !== null || policy.forbidIdAndMobile,
  };
  return passwordRuleIds.filter((rule) => applies[rule]);
}

/** The hint under a new-password field for this policy. */
export function passwordHint(policy: PasswordPolicy, t: Translator): string {
  return policy.allowedCharacters === 'latin_alphanumeric' ? t('field.password.hint') : t('password.hint.any_characters');
}

/**
 * The rule list of a new-password field. `live`: the page script checks the rules as the person
 * types; `contextFields`: the form holds the username, ID and mobile, so that rule is checked too.
 */
export function PasswordRuleList(props: { policy: PasswordPolicy; t: Translator; live: boolean; contextFields: boolean; notRecent?: boolean }) {
  const { t } = props;
  const rules = passwordRulesOf(props.policy);
  const checkable = (rule: PasswordRuleId) => props.live && (rule !== 'no_username' || props.contextFields);
  return (
    <>
      <ul
        id="password-rules"
        class="rule-list"
        data-policy={props.policy.name}
        {...(props.live ? { 'data-live-rules': '', 'data-met': t('password.rules.met'), 'data-unmet': t('password.rules.unmet'), 'data-summary': t('password.rules.summary') } : {})}
      >
        {rules.map((rule) => (checkable(rule) ? <li data-rule={rule}>{t(`password.rule.${rule}`)}</li> : <li>{t(`password.rule.${rule}`)}</li>))}
        {props.notRecent && <li>{t('password.rule.not_recent')}</li>}
      </ul>
      {props.live && <p class="visually-hidden" role="status" data-live-rules-status></p>}
    </>
  );
}

/**
 * The new password and its confirmation, for every page that sets a password the holder chose
 * before (so "not one of the last 3" is listed): the rule list is live, the username rule is not.
 */
export function NewPasswordFields(props: { policy: PasswordPolicy; t: Translator; messages: (field: string) => string[] }) {
  const { t, messages } = props;
  return (
    <>
      <TextField
        id="password"
        name="password"
        type="password"
        label={t('field.new_password')}
        hint={passwordHint(props.policy, t)}
        errors={messages('password')}
        autocomplete="new-password"
        dir="ltr"
        maxLength={64}
        required
        describedByExtra="password-rules"
      >
        <PasswordRuleList policy={props.policy} t={t} live contextFields={false} notRecent />
      </TextField>
      <TextField
        id="passwordConfirmation"
        name="passwordConfirmation"
        type="password"
        label={t('field.new_password_confirmation')}
        errors={messages('passwordConfirmation')}
        autocomplete="new-password"
        dir="ltr"
        maxLength={64}
        required
      />
    </>
  );
}
