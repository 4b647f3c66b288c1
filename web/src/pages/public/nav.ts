// The public pages' navigation: one entry a line, [address, label], in the order shown.
export const PUBLIC_NAV: ReadonlyArray<readonly [string, string]> = [
  ['/medicine', 'About isotretinoin'],
  ['/medicine/how-it-works', 'How it works'],
  ['/medicine/course', 'A course'],
  ['/medicine/side-effects', 'Side effects'],
  ['/medicine/pregnancy-prevention', 'Pregnancy prevention'],
  ['/medicine/faq', 'Questions'],
  ['/medicine/service-ratings', 'Pharmacy service ratings'],
];

/** An address that belongs to the public pages (shown with or without a session). */
export function isPublicPath(pathname: string): boolean {
  return pathname === '/medicine' || pathname.startsWith('/medicine/');
}
