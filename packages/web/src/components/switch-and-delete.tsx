import { ConfirmDeleteButtons } from './confirm-delete-buttons.tsx';

/** A row's Enable/Disable switch and its Delete, which asks to confirm first (`confirming`). */
export function SwitchAndDelete(props: {
  enabled: boolean;
  busy?: boolean;
  confirming: boolean;
  onSwitch: () => void;
  onAskDelete: () => void;
  onDelete: () => void;
  onCancelDelete: () => void;
}) {
  const { enabled, busy, confirming } = props;
  return (
    <div className="row-actions">
      <button type="button" disabled={busy} onClick={props.onSwitch}>
        {enabled ? 'Disable' : 'Enable'}
      </button>
      {confirming ? (
        <ConfirmDeleteButtons busy={busy} onConfirm={props.onDelete} onCancel={props.onCancelDelete} />
      ) : (
        <button type="button" className="danger" disabled={busy} onClick={props.onAskDelete}>
          Delete
        </button>
      )}
    </div>
  );
}
