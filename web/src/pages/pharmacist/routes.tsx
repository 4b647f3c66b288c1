// The pharmacist's pages (App.tsx ROLE_PAGES).
import type { ReactElement } from 'react';
import { FeedbackPage } from './FeedbackPage';
import { FindPatientPage } from './FindPatientPage';
import { QueuePage } from './QueuePage';

export const PHARMACIST_PAGES: ReadonlyArray<readonly [string, ReactElement]> = [
  ['/', <FindPatientPage />],
  ['/queue', <QueuePage />],
  ['/feedback', <FeedbackPage />],
];
