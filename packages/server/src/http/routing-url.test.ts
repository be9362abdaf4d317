import { describe, expect, it } from 'vitest';
import { routingUrl } from './routing-url.ts';

describe('routingUrl', () => {
  it('reads %24 in the path as $, and leaves the query string as sent', () => {
    expect(routingUrl('/graph/v1.0/security/alerts_v2/%24count')).toBe('/graph/v1.0/security/alerts_v2/$count');
    expect(routingUrl('/graph/v1.0/security/alerts_v2/%24count?%24filter=title%20eq%20%27a%24b%27')).toBe(
      '/graph/v1.0/security/alerts_v2/$count?%24filter=title%20eq%20%27a%24b%27',
    );
    expect(routingUrl('/a/%24x/%24y')).toBe('/a/$x/$y');
  });

  it('leaves a URL without %24 in its path untouched', () => {
    for (const url of ['/api/incidents', '/api/alerts?%24top=1', '/graph/v1.0/security/alerts_v2/$count', '/a/%2524count', '/a/%2Fb?x=%24']) {
      expect(routingUrl(url)).toBe(url);
    }
  });
});
