/** What a row shows once the analyst asked to delete it: "Confirm delete" and "Cancel". */
export function ConfirmDeleteButtons({ busy, onConfirm, onCancel }: { busy?: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <>
      <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
        Confirm delete
      </button>
      <button type="button" disabled={busy} onClick={onCancel}>
        Cancel
      </button>
    </>
  );
}
