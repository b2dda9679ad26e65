import { useEffect, useRef } from 'react';
import * as Y from 'yjs';
import { checkPrivacy, getItemMap, holdIfSensitive, LOCAL, MAX_TEXT_LENGTH } from '@tsunagu/shared';
import { diffText, transformIndex } from './textDiff.js';

/**
 * A textarea over a note, bound to the note's Y.Text: local input becomes small inserts and
 * deletes (origin `local`, so undo sees it), remote changes are merged into the textarea with
 * the caret moved along. During an IME composition nothing is written to the Y.Text and
 * remote changes wait, so half-composed text is never committed and no character is lost;
 * Enter ends editing only when no composition is in flight (Shift+Enter: new line).
 */
export interface NoteEditorProps {
  doc: Y.Doc;
  itemId: string;
  rect: { left: number; top: number; width: number; height: number };
  fontSize: number;
  onDone(): void;
}

export function NoteEditor({ doc, itemId, rect, fontSize, onDone }: NoteEditorProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const composing = useRef(false);
  const doneRef = useRef(onDone);
  doneRef.current = onDone;

  useEffect(() => {
    const ta = ref.current;
    const item = getItemMap(doc, itemId);
    const ytext = item?.get('text');
    if (!ta || !item || !(ytext instanceof Y.Text)) return;
    let shadow = ytext.toString();
    ta.value = shadow;
    ta.focus();
    ta.setSelectionRange(shadow.length, shadow.length);
    let pendingRemote = false;

    const pushLocal = () => {
      if (composing.current) return;
      let value = ta.value;
      if (value.length > MAX_TEXT_LENGTH) value = ta.value = value.slice(0, MAX_TEXT_LENGTH);
      const edit = diffText(shadow, value);
      shadow = value;
      if (!edit) return;
      doc.transact(() => {
        if (edit.remove) ytext.delete(edit.index, edit.remove);
        if (edit.insert) ytext.insert(edit.index, edit.insert);
        holdIfSensitive(item, value);
        // Issue 17: the editor writes as it types, so a note that looks like it names a person,
        // a house number, a phone number or an e-mail address is held back from the projector
        // at once (the warning under the editor says so); staff release it with 「投影に出す」.
        if (item.get('held') !== true && checkPrivacy(value).warn) item.set('held', true);
        item.set('updatedAt', Date.now());
      }, LOCAL);
    };
    const pullRemote = (delta: readonly { retain?: number; insert?: unknown; delete?: number }[] | null) => {
      if (composing.current) {
        pendingRemote = true;
        return;
      }
      const next = ytext.toString();
      if (next === ta.value) {
        shadow = next;
        return;
      }
      let s = ta.selectionStart;
      let e = ta.selectionEnd;
      if (delta) {
        s = transformIndex(delta, s);
        e = transformIndex(delta, e);
      } else {
        s = e = next.length;
      }
      ta.value = shadow = next;
      if (document.activeElement === ta) ta.setSelectionRange(s, e);
    };
    const observer = (ev: Y.YTextEvent, tr: Y.Transaction) => {
      if (tr.origin === LOCAL && tr.local) return;
      pullRemote(ev.delta as { retain?: number; insert?: unknown; delete?: number }[]);
    };
    const onInput = () => pushLocal();
    const onStart = () => {
      composing.current = true;
    };
    const onEnd = () => {
      composing.current = false;
      pushLocal();
      if (pendingRemote) {
        pendingRemote = false;
        pullRemote(null);
      }
    };
    const onKey = (e: KeyboardEvent) => {
      e.stopPropagation();
      if (e.key === 'Escape') doneRef.current();
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !composing.current && e.keyCode !== 229) {
        e.preventDefault();
        doneRef.current();
      }
    };
    ytext.observe(observer);
    ta.addEventListener('input', onInput);
    ta.addEventListener('compositionstart', onStart);
    ta.addEventListener('compositionend', onEnd);
    ta.addEventListener('keydown', onKey);
    return () => {
      if (!composing.current) pushLocal();
      ytext.unobserve(observer);
      ta.removeEventListener('input', onInput);
      ta.removeEventListener('compositionstart', onStart);
      ta.removeEventListener('compositionend', onEnd);
      ta.removeEventListener('keydown', onKey);
    };
  }, [doc, itemId]);

  return (
    <textarea
      ref={ref}
      className="note-editor"
      data-testid="note-editor"
      data-item-id={itemId}
      maxLength={MAX_TEXT_LENGTH}
      style={{ left: rect.left, top: rect.top, width: rect.width, height: rect.height, fontSize }}
      onBlur={() => doneRef.current()}
    />
  );
}
