// The trusted channels that activate an account, as the done page and the account page explain them.
import type { Translator } from '../../i18n/i18n.ts';

export const activationChannels = ['bank', 'kiosk', 'nafath', 'office'] as const;

export function ActivationChannels(props: { t: Translator }) {
  const { t } = props;
  return (
    <ul class="cards">
      {activationChannels.map((channel) => (
        <li class="card">
          <h3>{t(`activation.${channel}.title`)}</h3>
          <p>{t(`activation.${channel}.body`)}</p>
        </li>
      ))}
    </ul>
  );
}
