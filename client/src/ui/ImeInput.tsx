import { useRef, type KeyboardEvent, type TextareaHTMLAttributes } from 'react';

/**
 * A text field that is safe with Japanese IME input: Enter commits only when no composition
 * is in flight (`isComposing`, plus a flag set between compositionstart/compositionend, since
 * some browsers fire the final keydown after compositionend). Shift+Enter inserts a newline.
 */
export interface ImeInputProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> {
  value: string;
  onChange(value: string): void;
  onCommit(value: string): void;
  multiline?: boolean;
}

export function ImeInput({ value, onChange, onCommit, multiline = false, ...rest }: ImeInputProps) {
  const composing = useRef(false);
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    rest.onKeyDown?.(e);
    if (e.key !== 'Enter' || e.defaultPrevented) return;
    if (e.nativeEvent.isComposing || composing.current || e.keyCode === 229) return;
    if (multiline && e.shiftKey) return;
    e.preventDefault();
    onCommit(value);
  };
  return (
    <textarea
      {...rest}
      rows={rest.rows ?? (multiline ? 3 : 1)}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onCompositionStart={() => {
        composing.current = true;
      }}
      onCompositionEnd={() => {
        // the keydown that ends a composition arrives before compositionend in Chromium,
        // after it in Safari: clear the flag on the next tick
        setTimeout(() => {
          composing.current = false;
        }, 0);
      }}
      onKeyDown={onKeyDown}
    />
  );
}
