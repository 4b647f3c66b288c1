// What a patient's page shows when the account has no patient record to show (me.patientId null).
import { useWords } from '../../i18n/I18n';

export function NotLinked({ title }: { title: string }) {
  const { t } = useWords();
  return (
    <section>
      <h1>{title}</h1>
      <p className="notice">{t('common.notLinked')}</p>
    </section>
  );
}
