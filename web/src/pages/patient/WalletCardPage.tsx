// The patient's wallet card (GET /patients/{id}/wallet-card): what the pharmacy needs to find her —
// her program identifier and her date of birth — with her name and the pharmacy she uses, if known.
// The identifier is shown as text, grouped for reading, and as a QR code the counter can scan. The
// QR code is encoded by the `qrcode` library (its own SVG output, loaded only on this page) and
// drawn by React from that output as an inline SVG: no inline script, nothing the CSP refuses.
// Printing prints the card alone (patient.css, @media print).
import { useId } from 'react';
import { api } from '../../api';
import type { WalletCard } from '../../apiTypes';
import { Await, useLoad } from '../../components/status';
import { useWords } from '../../i18n/I18n';
import { useMe } from '../../session';
import { NotLinked } from './NotLinked';
import { groupedProgramId, QR_OPTIONS } from './programId';
import './patient.css';

interface QrDrawing {
  viewBox: string;
  paths: Array<{ d: string; fill: string | null; stroke: string | null }>;
}

/** The library's SVG, read into what React draws (its viewBox and paths; nothing else is kept). */
async function qrDrawing(text: string): Promise<QrDrawing> {
  const { default: QRCode } = await import('qrcode');
  const markup = await QRCode.toString(text, QR_OPTIONS);
  const svg = new DOMParser().parseFromString(markup, 'image/svg+xml').documentElement;
  return {
    viewBox: svg.getAttribute('viewBox') ?? '0 0 0 0',
    paths: [...svg.querySelectorAll('path')].map((path) => ({
      d: path.getAttribute('d') ?? '',
      fill: path.getAttribute('fill'),
      stroke: path.getAttribute('stroke'),
    })),
  };
}

function QrCode({ text, label }: { text: string; label: string }) {
  const titleId = useId();
  const drawing = useLoad(() => qrDrawing(text), [text]);
  const { t } = useWords();
  if (drawing.data === undefined) {
    return <p className="hint">{drawing.error === null ? t('wallet.drawing') : t('wallet.qrFailed')}</p>;
  }
  return (
    <svg className="qr-code" role="img" aria-labelledby={titleId} viewBox={drawing.data.viewBox} shapeRendering="crispEdges" data-qr-text={text}>
      <title id={titleId}>{label}</title>
      {drawing.data.paths.map((path, index) => (
        <path key={index} d={path.d} {...(path.fill === null ? {} : { fill: path.fill })} {...(path.stroke === null ? {} : { stroke: path.stroke })} />
      ))}
    </svg>
  );
}

export function WalletCardPage() {
  const me = useMe();
  const patientId = me.patientId;
  const headingId = useId();
  const { t, date } = useWords();
  const loaded = useLoad(() => (patientId === null ? Promise.resolve(null) : api.get<WalletCard>(`/patients/${patientId}/wallet-card`)), [patientId]);
  if (patientId === null) {
    return <NotLinked title={t('wallet.title')} />;
  }
  return (
    <section className="patient-page">
      <h1>{t('wallet.title')}</h1>
      <p className="lead no-print">{t('wallet.lead')}</p>
      <Await loaded={loaded} what={t('wallet.loading')}>
        {(card) =>
          card === null ? null : (
            <>
              <section className="wallet-card" aria-labelledby={headingId}>
                <h2 id={headingId} className="wallet-card-name">
                  {card.givenName} {card.familyName}
                </h2>
                <p className="wallet-card-program">{t('wallet.program')}</p>
                <dl className="wallet-card-facts">
                  <div>
                    <dt>{t('wallet.programId')}</dt>
                    <dd className="program-id">{groupedProgramId(card.programId)}</dd>
                  </div>
                  <div>
                    <dt>{t('wallet.birthDate')}</dt>
                    <dd>{date(card.birthDate)}</dd>
                  </div>
                  {card.pharmacy === null ? null : (
                    <div>
                      <dt>{t('wallet.pharmacy')}</dt>
                      <dd>{card.pharmacy.name}</dd>
                    </div>
                  )}
                </dl>
                <QrCode text={card.programId} label={t('wallet.qrLabel', { programId: groupedProgramId(card.programId) })} />
              </section>
              <div className="button-row no-print">
                <button
                  type="button"
                  className="primary"
                  onClick={() => {
                    window.print();
                  }}
                >
                  {t('wallet.print')}
                </button>
              </div>
            </>
          )
        }
      </Await>
    </section>
  );
}
