// The pharmacist's pages (App.tsx ROLE_PAGES).
import type { ReactElement } from 'react';
import { FeedbackPage } from './FeedbackPage';
import { FindPatientPage } from './FindPatientPage';
import { OrderFulfillmentPage } from './OrderFulfillmentPage';
import { OrderQueuePage } from './OrderQueuePage';
import { PricesPage } from './PricesPage';
import { QueuePage } from './QueuePage';
import { SupportPage, SupportThreadPage } from './SupportPage';

export const PHARMACIST_PAGES: ReadonlyArray<readonly [string, ReactElement]> = [
  ['/', <FindPatientPage />],
  ['/queue', <QueuePage />],
  ['/orders', <OrderQueuePage />],
  ['/orders/:orderId', <OrderFulfillmentPage />],
  ['/support', <SupportPage />],
  ['/support/:orderId', <SupportThreadPage />],
  ['/feedback', <FeedbackPage />],
  ['/prices', <PricesPage />],
];
