import { describe, expect, it } from 'vitest';
import { apiFromId, apiFromName, connectionNameOf, connectionsFromParameter, connectionsFromReferences } from './connections.ts';

describe('connections', () => {
  it('takes the managed API from the last segment of the id, lower-cased', () => {
    expect(apiFromId('/subscriptions/s/providers/Microsoft.Web/locations/westeurope/managedApis/AzureSentinel')).toBe('azuresentinel');
    expect(apiFromId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/connections/x')).toBeUndefined();
    expect(apiFromName('office365_1')).toBe('office365');
    expect(apiFromName('office365-2')).toBe('office365');
  });

  it('builds connection refs from a $connections value and from gallery connectionReferences', () => {
    expect(
      connectionsFromParameter({
        azuresentinel_1: { connectionId: '/c/1', connectionName: 'azuresentinel-Playbook', id: '/x/managedApis/azuresentinel' },
        teams: { connectionId: '/c/2' },
        broken: 'not an object',
      }),
    ).toEqual([
      { name: 'azuresentinel_1', api: 'azuresentinel', connectionId: '/c/1' },
      { name: 'teams', api: 'teams', connectionId: '/c/2' },
    ]);
    expect(connectionsFromReferences({ twitter: { connection: { id: '' }, api: { id: '/subscriptions/{0}/providers/Microsoft.Web/locations/{1}/managedApis/twitter' } } })).toEqual([
      { name: 'twitter', api: 'twitter' },
    ]);
  });

  it('reads the connection key without evaluating the expression', () => {
    expect(connectionNameOf({ connection: { name: "@parameters('$connections')['azuresentinel']['connectionId']" } })).toEqual({ kind: 'static', name: 'azuresentinel' });
    expect(connectionNameOf({ connection: { name: "@{ parameters('$connections')[ 'it''s' ][ 'connectionId' ] }" } })).toEqual({ kind: 'static', name: "it's" });
    expect(connectionNameOf({ connection: { referenceName: 'office365' } })).toEqual({ kind: 'static', name: 'office365' });
    expect(connectionNameOf({ connection: { name: "@parameters('$connections')[concat('servicebus_', rand(1,3))]['connectionId']" } })).toEqual({
      kind: 'dynamic',
      expression: "@parameters('$connections')[concat('servicebus_', rand(1,3))]['connectionId']",
    });
    expect(connectionNameOf(undefined)).toEqual({ kind: 'missing' });
  });
});
