/**
 * The coordinator's token of one organisation, kept in localStorage like the workshop tokens
 * (tokenStore.ts). The link `/o/:org#token=…` carries it in the fragment; adopting it removes
 * it from the address bar so it does not end up in screenshots or history.
 */
const key = (org: string) => `tsunagu.org.${org}`;

export function getOrgToken(org: string): string | null {
  try {
    return localStorage.getItem(key(org));
  } catch {
    return null;
  }
}

export function adoptOrgToken(org: string): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!m) return getOrgToken(org);
  const token = decodeURIComponent(m[1]!);
  try {
    localStorage.setItem(key(org), token);
  } catch {
    /* storage unavailable: the token lives for this page only */
  }
  history.replaceState(history.state, '', location.pathname + location.search);
  return token;
}
