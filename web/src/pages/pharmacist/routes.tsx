// The pharmacist's pages (App.tsx ROLE_PAGES).
import type { ReactElement } from 'react';
import { CounterPage } from './CounterPage';
import { FeedbackPage } from './FeedbackPage';
import { FindPatientPage } from './FindPatientPage';
import { OrderFulfillmentPage } from './OrderFulfillmentPage';
import { OrderQueuePage } from './OrderQueuePage';
import { PharmacyQueuePage } from './PharmacyQueuePage';
import { PricesPage } from './PricesPage';
import { QueuePage } from './QueuePage';
import { SupportPage, SupportThreadPage } from './SupportPage';

export const PHARMACIST_PAGES: ReadonlyArray<readonly [string, ReactElement]> = [
  // The home page is the queue (issue 10); finding a patient by identifier and birth date stays.
  ['/', <PharmacyQueuePage />],
  ['/prescriptions/:prescriptionId', <CounterPage />],
  ['/find', <FindPatientPage />],
  ['/queue', <QueuePage />],
  ['/orders', <OrderQueuePage />],
  ['/orders/:orderId', <OrderFulfillmentPage />],
  ['/support', <SupportPage />],
  ['/support/:orderId', <SupportThreadPage />],
  ['/feedback', <FeedbackPage />],
  ['/prices', <PricesPage />],
];
