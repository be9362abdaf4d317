import type { SecurityContext } from '../app/security-context.ts';
import type { PlaybookLauncher } from './playbook-launcher.ts';

/**
 * Alert-trigger playbooks on alert.created. In Azure these triggers fire when something invokes the
 * playbook for an alert; Riposte's rule is:
 * - Sentinel alert trigger (`/subscribe`) and Defender for Cloud alert trigger (`ascalert`) playbooks
 *   run on every new alert, unless an automation rule on Alerts (Sentinel) or a workflow automation
 *   (Defender) names them — then only those decide, so a playbook never runs twice for one alert;
 * - Graph security "On all new alerts" playbooks run on every new alert.
 * Disabled playbooks never run.
 */
export function subscribeAlertTriggers(
  ctx: SecurityContext,
  launcher: PlaybookLauncher,
  claimedElsewhere: (playbookId: string, playbookName: string, kind: string) => boolean,
  onError: (err: unknown) => void = () => {},
): () => void {
  return ctx.events.on('alert.created', async (event) => {
    const candidates = launcher.playbooks.store.list({ enabledOnly: true }).filter((p) => ['sentinel-alert', 'defender-alert', 'graph-alert'].includes(p.triggerKind));
    for (const playbook of candidates) {
      if (playbook.triggerKind !== 'graph-alert' && claimedElsewhere(playbook.id, playbook.name, playbook.triggerKind)) continue;
      try {
        await launcher.alert(playbook, event.alert, 'alert.created');
      } catch (err) {
        onError(err);
      }
    }
  });
}
