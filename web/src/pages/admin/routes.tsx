// The administrator's pages (the navigation in components/Layout.tsx lists the same paths).
import type { ReactElement } from 'react';
import { AuditPage } from './AuditPage';
import { ConnectedSystemsPage } from './ConnectedSystemsPage';
import { SettingsPage } from './SettingsPage';
import { UsersPage } from './UsersPage';

export const ADMIN_PAGES: ReadonlyArray<readonly [string, ReactElement]> = [
  ['/', <UsersPage />],
  ['/settings', <SettingsPage />],
  ['/connected-systems', <ConnectedSystemsPage />],
  ['/audit', <AuditPage />],
];
