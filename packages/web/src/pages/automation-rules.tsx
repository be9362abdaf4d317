import type { RiposteClient } from '../api/client.ts';
import type { AutomationRule, AutomationRuleProperties } from '../api/types.ts';
import { EnabledBadge } from '../components/enabled-badge.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { JsonImportForm } from '../components/json-import-form.tsx';
import { SwitchAndDelete } from '../components/switch-and-delete.tsx';
import { shortTime } from '../format/short-time.ts';
import { describeActions, describeCondition, describeConditions, describeTrigger, inRunOrder, isExpired } from '../format/rule-summary.ts';
import { useLoad } from '../use-load.tsx';
import { useRowActions } from '../use-row-actions.tsx';
import { PageToolbar } from '../components/page-toolbar.tsx';

/** Sentinel automation rules: list in run order, import from JSON, enable, disable, delete. */
export function AutomationRules({ client }: { client: RiposteClient }) {
  const rules = useLoad(() => client.listAutomationRules(), [client]);
  const { error, notice, busy, confirming, setConfirming, clear, act } = useRowActions(rules.reload);

  // The server keeps no enable switch of its own: read the rule as it is now, flip it and put it back whole.
  const setEnabled = (rule: AutomationRule, enabled: boolean) =>
    act(async () => {
      const current = await client.getAutomationRule(rule.id);
      await client.putAutomationRule(rule.id, withEnabled(current, enabled));
      return `${enabled ? 'Enabled' : 'Disabled'} '${current.properties.displayName}'.`;
    });

  const remove = (rule: AutomationRule) =>
    act(async () => {
      await client.deleteAutomationRule(rule.id);
      return `Deleted '${rule.properties.displayName}'.`;
    });

  const now = new Date();
  const rows = inRunOrder(rules.data?.value ?? []);
  return (
    <section>
      <PageToolbar title="Automation rules" onRefresh={rules.reload} />
      <p className="muted">Sentinel automation rules run in this order on each incident or alert event; each rule sees the changes of the rules before it.</p>
      <ErrorBanner error={rules.error} />
      <ErrorBanner error={error} />
      {error?.status === 403 && <p className="muted">Changing automation rules needs the rules.write permission (admin and automation-author keys).</p>}
      {notice && <p className="notice">{notice}</p>}
      <table className="automation-rules">
        <thead>
          <tr>
            <th>Order</th>
            <th>Name</th>
            <th>Trigger</th>
            <th>Conditions</th>
            <th>Actions</th>
            <th>State</th>
            <th>Expires</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((rule) => {
            const logic = rule.properties.triggeringLogic;
            const expired = isExpired(rule, now);
            return (
              <tr key={rule.id} data-rule={rule.id}>
                <td>{rule.properties.order}</td>
                <td>{rule.properties.displayName}</td>
                <td>{describeTrigger(rule)}</td>
                <td title={(logic.conditions ?? []).map(describeCondition).join('\nAND ')}>{describeConditions(logic.conditions)}</td>
                <td>{describeActions(rule)}</td>
                <td>
                  <EnabledBadge enabled={logic.isEnabled} />
                </td>
                <td className="muted">
                  {logic.expirationTimeUtc ? shortTime(logic.expirationTimeUtc) : 'never'}
                  {expired && <> <span className="badge sla-bad">expired</span></>}
                </td>
                <td>
                  <SwitchAndDelete
                    enabled={logic.isEnabled}
                    busy={busy}
                    confirming={confirming === rule.id}
                    onSwitch={() => setEnabled(rule, !logic.isEnabled)}
                    onAskDelete={() => setConfirming(rule.id)}
                    onDelete={() => remove(rule)}
                    onCancelDelete={() => setConfirming(undefined)}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!rules.loading && !rules.error && rows.length === 0 && <p className="muted">No automation rules yet.</p>}
      <JsonImportForm
        className="automation-import rule-import"
        heading="Create from JSON"
        hint={
          <>
            Paste a Sentinel automation rule (<code>Microsoft.SecurityInsights/automationRules</code>): its <code>properties</code> object or the whole
            resource as exported, whose <code>name</code> becomes the rule's name. RunPlaybook actions must name a Riposte playbook.
          </>
        }
        fieldName="ruleJson"
        submitLabel="Create rule"
        onCreate={async (document) => {
          clear();
          try {
            await client.createAutomationRule(document);
          } finally {
            rules.reload();
          }
        }}
      />
    </section>
  );
}

/** The rule's properties with the switch set, without the times the server keeps itself. */
function withEnabled(rule: AutomationRule, enabled: boolean): AutomationRuleProperties {
  const { createdTimeUtc: _created, lastModifiedTimeUtc: _modified, ...properties } = rule.properties;
  return { ...properties, triggeringLogic: { ...properties.triggeringLogic, isEnabled: enabled } };
}
