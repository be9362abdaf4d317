import { JsonImportForm } from './json-import-form.tsx';

/** A box to paste a Microsoft.Security/automations JSON (the resource or its properties) into. */
export function AutomationImportForm({ onCreate }: { onCreate: (document: unknown) => Promise<void> }) {
  return (
    <JsonImportForm
      className="automation-import"
      heading="Create from JSON"
      hint={
        <>
          Paste a Defender for Cloud automation (<code>Microsoft.Security/automations</code>) as exported from Azure. LogicApp actions must name a Riposte playbook.
        </>
      }
      fieldName="automationJson"
      submitLabel="Create automation"
      onCreate={onCreate}
    />
  );
}
