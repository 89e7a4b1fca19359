import { ModalDialog } from './modal-dialog';

interface ConfirmDialogProps {
  title: string;
  text: string;
  confirmLabel: string;
  cancelLabel: string;
  /** Destructive actions get the warning colour. */
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** In-page confirmation: window.confirm is blocked or auto-dismissed in some hosts. */
export function ConfirmDialog({
  title,
  text,
  confirmLabel,
  cancelLabel,
  danger,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  return (
    <ModalDialog
      title={title}
      onClose={onCancel}
      className="modal--confirm"
      footer={
        <>
          {/* autoFocus on the safe choice: Enter on a stray keypress must not destroy work. */}
          <button type="button" className="button" onClick={onCancel} autoFocus>
            {cancelLabel}
          </button>
          <button
            type="button"
            className={danger ? 'button button--danger' : 'button button--primary'}
            onClick={onConfirm}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <p>{text}</p>
    </ModalDialog>
  );
}
