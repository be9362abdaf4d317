import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mailFields, recipientList } from './mail-input.ts';

const mail = z.object(mailFields);
const local = fc.stringMatching(/^[a-z0-9._+-]{1,12}$/);
const domain = fc.stringMatching(/^[a-z0-9-]{1,10}\.[a-z]{2,5}$/);
const address = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);

describe('recipient lists', () => {
  it('reads ;- and ,-separated addresses, with display names and stray spaces', () => {
    expect(recipientList.parse(' a@x.test; Bob <b@y.test> ,c@z.test;; ')).toEqual(['a@x.test', 'Bob <b@y.test>', 'c@z.test']);
  });

  it('gives back the addresses it was given, whatever the separators', () => {
    fc.assert(
      fc.property(fc.array(address, { minLength: 1, maxLength: 8 }), fc.constantFrom(';', ',', '; ', ' , '), (list, sep) => {
        expect(recipientList.parse(list.join(sep))).toEqual(list);
      }),
    );
  });

  it('never throws on any text: it parses or reports an issue', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = recipientList.safeParse(text);
        if (!r.success) expect(r.error.issues[0].message).toMatch(/is not an email address/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('mail body', () => {
  it('accepts Importance in any case and ContentBytes as text or a $content object', () => {
    const parsed = mail.parse({ To: 'a@x.test', Subject: 's', Importance: 'HIGH', Attachments: [{ Name: 'a', ContentBytes: 'aGk=' }, { Name: 'b', ContentBytes: { $content: 'aGk=' } }] });
    expect(parsed.Importance).toBe('high');
    expect(parsed.Attachments?.map((a) => a.ContentBytes)).toEqual(['aGk=', 'aGk=']);
    expect(parsed.Body).toBe('');
  });
});
