import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTemplateScope } from '../arm-scope.ts';
import { ArmExpressionError, evaluateArmString, parseArmExpression } from './index.ts';

const template = {
  parameters: {
    PlaybookName: { type: 'string', defaultValue: 'Notify-Owner' },
    Location: { type: 'string', defaultValue: '[resourceGroup().location]' },
    Count: { type: 'int', defaultValue: 3 },
    NoDefault: { type: 'string' },
  },
  variables: {
    SentinelConnection: "[concat('azuresentinel-', parameters('PlaybookName'))]",
    Nested: { name: "[variables('SentinelConnection')]", list: ['[parameters(\'Count\')]'] },
    Loop: "[variables('Loop')]",
  },
};

const evalIn = (text: string, params?: Record<string, string>) => evaluateArmString(text, createTemplateScope(template, { params }));

describe('ARM template expressions', () => {
  it('reads parameters, their expression defaults and --param values', () => {
    expect(evalIn("[parameters('PlaybookName')]")).toBe('Notify-Owner');
    expect(evalIn("[parameters('playbookname')]")).toBe('Notify-Owner');
    expect(evalIn("[parameters('Location')]")).toBe('local');
    expect(evalIn("[parameters('PlaybookName')]", { PlaybookName: 'Other' })).toBe('Other');
    expect(evalIn("[parameters('Count')]", { Count: '7' })).toBe(7);
  });

  it('uses a visible placeholder for a parameter without a value and remembers it', () => {
    const scope = createTemplateScope(template);
    expect(evaluateArmString("[parameters('NoDefault')]", scope)).toBe('<NoDefault>');
    expect([...scope.unset]).toEqual(['NoDefault']);
  });

  it('evaluates variables that hold expressions, deeply, and refuses self-reference', () => {
    expect(evalIn("[variables('SentinelConnection')]")).toBe('azuresentinel-Notify-Owner');
    expect(evalIn("[variables('Nested')]")).toEqual({ name: 'azuresentinel-Notify-Owner', list: [3] });
    expect(() => evalIn("[variables('Loop')]")).toThrow(/refers to itself/);
  });

  it('builds resource ids and the deployment objects with overridable defaults', () => {
    expect(evalIn("[resourceId('Microsoft.Web/connections', variables('SentinelConnection'))]")).toBe(
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/riposte/providers/Microsoft.Web/connections/azuresentinel-Notify-Owner',
    );
    expect(evalIn("[resourceId('sub1', 'rg1', 'Microsoft.Sql/servers/databases', 'srv', 'db')]")).toBe(
      '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Sql/servers/srv/databases/db',
    );
    expect(evalIn('[resourceGroup().location]')).toBe('local');
    expect(evalIn('[subscription().subscriptionId]')).toBe('00000000-0000-0000-0000-000000000000');
    const scope = createTemplateScope(template, { target: { resourceGroup: 'soc', location: 'westeurope', subscriptionId: 's' } });
    expect(evaluateArmString("[concat(subscription().id, '/', resourceGroup().name, '@', resourceGroup()['location'])]", scope)).toBe('/subscriptions/s/soc@westeurope');
  });

  it('implements the string, collection and logic functions templates use', () => {
    expect(evalIn("[format('{0}-{1}-{{x}}', 'a', 2)]")).toBe('a-2-{x}');
    expect(evalIn("[toLower('ABC')]")).toBe('abc');
    expect(evalIn("[toUpper('abc')]")).toBe('ABC');
    expect(evalIn("[replace('a.b.c', '.', '/')]")).toBe('a/b/c');
    expect(evalIn("[substring('playbook', 4, 4)]")).toBe('book');
    expect(evalIn("[length(split('a,b,c', ','))]")).toBe(3);
    expect(evalIn("[last(split('x/managedApis/office365', '/'))]")).toBe('office365');
    expect(evalIn("[first(createArray('p', 'q'))]")).toBe('p');
    expect(evalIn("[take(json('[1,2,3]'), 2)]")).toEqual([1, 2]);
    expect(evalIn("[skip('abcdef', 4)]")).toBe('ef');
    expect(evalIn("[if(equals(parameters('Count'), 3), 'three', 'other')]")).toBe('three');
    expect(evalIn("[empty('')]")).toBe(true);
    expect(evalIn("[contains('Sentinel', 'SENT')]")).toBe(true);
    expect(evalIn("[union(createObject('a', 1), createObject('b', 2))]")).toEqual({ a: 1, b: 2 });
    expect(evalIn("[string(int('42'))]")).toBe('42');
    expect(evalIn("[string(createObject('a', true()))]")).toBe('{"a":true}');
    expect(evalIn("[json('{\"k\":{\"v\":5}}').k.v]")).toBe(5);
  });

  it('implements the numeric, comparison and encoding functions', () => {
    expect(evalIn('[div(7, 2)]')).toBe(3);
    expect(evalIn('[mod(7, 2)]')).toBe(1);
    expect(evalIn('[max(createArray(1, 9, 3))]')).toBe(9);
    expect(evalIn('[min(4, 2, 8)]')).toBe(2);
    expect(evalIn("[less('a', 'b')]")).toBe(true);
    expect(evalIn('[range(5, 3)]')).toEqual([5, 6, 7]);
    expect(evalIn('[intersection(createArray(1, 2, 3), createArray(2, 3, 4))]')).toEqual([2, 3]);
    expect(evalIn("[coalesce(null(), 'x')]")).toBe('x');
    expect(evalIn("[padLeft('7', 3, '0')]")).toBe('007');
    expect(evalIn("[uriComponent('a b/c')]")).toBe('a%20b%2Fc');
    expect(evalIn("[base64ToString(base64('hi'))]")).toBe('hi');
    expect(evalIn('[environment().authentication.loginEndpoint]')).toBe('https://login.microsoftonline.com/');
    expect(() => evalIn('[div(1, 0)]')).toThrow(ArmExpressionError);
    expect(() => evalIn('[range(0, 100000)]')).toThrow(ArmExpressionError);
  });

  it('gives deterministic uniqueString (13 chars) and guid values', () => {
    const a = evalIn("[uniqueString(resourceGroup().id)]");
    expect(a).toMatch(/^[a-z2-7]{13}$/);
    expect(evalIn("[uniqueString(resourceGroup().id)]")).toBe(a);
    expect(evalIn("[uniqueString('other')]")).not.toBe(a);
    expect(evalIn("[guid('x', 'y')]")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps "[[" as an escaped literal and plain strings as they are', () => {
    expect(evalIn('[[not an expression]')).toBe('[not an expression]');
    expect(evalIn('[YOUR_INSTANCE].dynamics.com')).toBe('[YOUR_INSTANCE].dynamics.com');
    expect(evalIn("[concat('it''s', ' ok')]")).toBe("it's ok");
  });

  it('names the unknown function', () => {
    try {
      evalIn("[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'x'), '2019-06-01')]");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ArmExpressionError);
      expect((err as ArmExpressionError).code).toBe('ArmUnknownFunction');
      expect((err as ArmExpressionError).functionName).toBe('listKeys');
    }
  });

  it('reports syntax errors with a position', () => {
    expect(() => parseArmExpression("concat('a'")).toThrow(ArmExpressionError);
    expect(() => parseArmExpression("concat('a' 'b')")).toThrow(expect.objectContaining({ code: 'ArmSyntax', position: 11 }));
  });

  it('parser and evaluator never throw anything but ArmExpressionError', () => {
    const pieces = fc.constantFrom('concat(', 'parameters(', "'PlaybookName'", "'", ')', '(', '[', ']', ',', '.', 'x', '1', "''", ' ', 'if(', 'variables(', "'Loop'", 'resourceGroup()', '-', 'true');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(pieces, { maxLength: 30 }).map((p) => p.join(''))), (text) => {
        try {
          evalIn(`[${text}]`);
        } catch (err) {
          if (!(err instanceof ArmExpressionError)) throw err;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(() => parseArmExpression('concat('.repeat(5000) + ')'.repeat(5000))).toThrow(ArmExpressionError);
  });
});
