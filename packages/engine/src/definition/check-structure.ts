import { typeAvailability } from './action-types.ts';
import type { CheckInput } from './validation-context.ts';
import { childPointer } from './problem.ts';

/** Every action and trigger needs a known `type`; recognised-but-unsupported types are reported apart. */
export function checkTypes(input: CheckInput): void {
  const check = (name: string, value: Record<string, unknown>, pointer: string, role: 'action' | 'trigger'): void => {
    if (typeof value.type !== 'string' || value.type === '') {
      input.report({ pointer, code: 'Structure', message: `${role} '${name}' needs a "type" string` });
      return;
    }
    const availability = typeAvailability(value.type, role);
    if (availability === 'unavailable') {
      input.report({ pointer: childPointer(pointer, 'type'), code: 'ActionTypeNotAvailable', message: `action type not available: ${value.type}` });
    } else if (availability === 'unknown') {
      input.report({
        pointer: childPointer(pointer, 'type'),
        code: role === 'action' ? 'UnknownActionType' : 'UnknownTriggerType',
        message: `unknown ${role} type '${value.type}'`,
      });
    }
  };
  for (const t of input.triggers) check(t.name, t.trigger, t.pointer, 'trigger');
  for (const s of input.sites) check(s.name, s.action, s.pointer, 'action');
}

/** Logic Apps requires action names to be unique across every nesting level (compared case-insensitively). */
export function checkDuplicateNames(input: CheckInput): void {
  const first = new Map<string, string>();
  for (const site of input.sites) {
    const key = site.name.toLowerCase();
    const seen = first.get(key);
    if (seen === undefined) first.set(key, site.pointer);
    else input.report({ pointer: site.pointer, code: 'DuplicateActionName', message: `action name '${site.name}' is already used at ${seen}` });
  }
}
