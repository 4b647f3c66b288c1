// The public pages (no log-in): App.tsx shows them in PublicLayout whether or not someone is
// logged in. One route a line, [address, page]; their navigation is nav.ts.
import type { ReactElement } from 'react';
import { MedicinePage } from './MedicinePage';
import { ServiceRatingsPage } from './ServiceRatingsPage';

export const PUBLIC_PAGES: ReadonlyArray<readonly [string, ReactElement]> = [
  ['/medicine', <MedicinePage path="/medicine" />],
  ['/medicine/how-it-works', <MedicinePage path="/medicine/how-it-works" />],
  ['/medicine/course', <MedicinePage path="/medicine/course" />],
  ['/medicine/side-effects', <MedicinePage path="/medicine/side-effects" />],
  ['/medicine/pregnancy-prevention', <MedicinePage path="/medicine/pregnancy-prevention" />],
  ['/medicine/faq', <MedicinePage path="/medicine/faq" />],
  ['/medicine/service-ratings', <ServiceRatingsPage />],
];
