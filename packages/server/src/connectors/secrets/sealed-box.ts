/**
 * AES-256-GCM sealing of one value: "v1.<keyId>.<iv>.<ciphertext>.<tag>" (base64url parts). The
 * associated data binds a ciphertext to its record (the connection name), so a ciphertext copied onto
 * another record does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConnectorError } from '../sdk/connector-error.ts';
import type { SecretKey } from './secret-key.ts';

const VERSION = 'v1';

/** Encrypts text with a fresh 96-bit IV. */
export function seal(plaintext: string, key: SecretKey, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, key.id, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The key id a sealed value was made with. */
export function sealedKeyId(sealed: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new ConnectorError('InvalidConnection', 'stored connection: not a sealed value of a known version');
  return parts[1];
}

/** Decrypts with whichever of `keys` has the sealed value's key id; tampering fails. */
export function open(sealed: string, keys: readonly SecretKey[], associatedData: string): string {
  const keyId = sealedKeyId(sealed);
  const key = keys.find((k) => k.id === keyId);
  if (!key) throw new ConnectorError('InvalidConnection', `stored connection '${associatedData}' was encrypted with key ${keyId}, which is not loaded`);
  const [, , iv, ciphertext, tag] = sealed.split('.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new ConnectorError('InvalidConnection', `stored connection '${associatedData}' does not decrypt with key ${keyId} (altered or moved)`);
  }
}
