import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  danger?: boolean;
}

/** A modal `<dialog>` asking to confirm; Escape or Cancel declines. */
function ConfirmDialog(props: ConfirmRequest & { onClose: (confirmed: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose(false);
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      <div id={bodyId}>{props.body}</div>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => props.onClose(false)}>
          Cancel
        </button>
        <button
          type="button"
          className={props.danger ? 'danger' : undefined}
          onClick={() => props.onClose(true)}
        >
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** `const [dialog, confirm] = useConfirm()`: render `dialog`, `await confirm({...})` for a yes/no. */
export function useConfirm(): [ReactNode, (r: ConfirmRequest) => Promise<boolean>] {
  const [pending, setPending] = useState<ConfirmRequest & { resolve: (ok: boolean) => void }>();
  const confirm = (r: ConfirmRequest) => new Promise<boolean>((resolve) => setPending({ ...r, resolve }));
  const dialog = pending ? (
    <ConfirmDialog
      {...pending}
      onClose={(ok) => {
        pending.resolve(ok);
        setPending(undefined);
      }}
    />
  ) : null;
  return [dialog, confirm];
}
