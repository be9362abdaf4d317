/**
 * Signed answer links: HMAC-SHA256 over (approval id, option, expiry) with a server secret. The
 * signature is the whole credential of the public answer route, so it is compared in constant
 * time and bound to one option: a link cannot be edited into another answer.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkClaims {
  approvalId: string;
  option: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Whom the link was sent to (an address, or "chat"): recorded as who answered. */
  recipient: string;
}

/** The base64url signature of a link's claims. */
export function signLink(secret: Buffer, claims: LinkClaims): string {
  // Ids, expiries and addresses hold no newline and the option is last: no two claims sign alike.
  return createHmac('sha256', secret).update(`${claims.approvalId}\n${claims.exp}\n${claims.recipient}\n${claims.option}`).digest('base64url');
}

/** Whether `signature` was made by `secret` for exactly these claims. */
export function linkSignatureValid(secret: Buffer, claims: LinkClaims, signature: string): boolean {
  const expected = Buffer.from(signLink(secret, claims), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length) {
    // Still compare, so a wrong length costs the same time as a wrong signature.
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(expected, given);
}

/** The public answer URL for one option. */
export function answerLink(baseUrl: string, secret: Buffer, claims: LinkClaims): string {
  const q = new URLSearchParams({ option: claims.option, exp: String(claims.exp), r: claims.recipient, sig: signLink(secret, claims) });
  return `${baseUrl.replace(/\/$/, '')}/api/approvals/${encodeURIComponent(claims.approvalId)}/respond?${q.toString()}`;
}
