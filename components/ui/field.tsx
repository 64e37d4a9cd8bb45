/**
 * Form fields: a label over its control with the error said under it, and one look for inputs, selects and text areas.
 * Sizes are in rem so a field on the wall scales with it; `lg` is the touch size of the sign-in and field screens.
 */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

export type ControlSize = 'xs' | 'sm' | 'md' | 'lg';
/** `form`: a desk form or dialog; `wall`: a control that sits on a dark wall panel (dispatch filters, new order). */
export type ControlTone = 'form' | 'wall';

const TONES: Record<ControlTone, string> = {
  form: 'rounded border border-slate-600 bg-slate-800 text-slate-100 outline-none focus:border-sky-400',
  wall: 'rounded border border-sky-400/30 bg-slate-950/80 text-slate-100 outline-none focus:border-sky-400',
};

// The text size comes from where the control stands (or `extra`), like the buttons' md and lg.
const SIZES: Record<ControlSize, string> = {
  xs: 'px-1.5 py-1',
  sm: 'px-2 py-1',
  md: 'px-2 py-1.5',
  lg: 'px-3 py-2',
};

/**
 * The class string of an input, select or text area. `extra` may only add what the table does not set (width, flex,
 * text size), see buttonClass.
 */
export function controlClass(size: ControlSize = 'md', extra = '', tone: ControlTone = 'form'): string {
  return extra ? `${TONES[tone]} ${SIZES[size]} ${extra}` : `${TONES[tone]} ${SIZES[size]}`;
}

interface ControlLook {
  size?: ControlSize;
  tone?: ControlTone;
  /** Fill the width of the field (the usual case inside a form column). */
  wide?: boolean;
}

function look({ size, tone, wide }: ControlLook, className = ''): string {
  return controlClass(size, [wide ? 'w-full' : '', className].filter(Boolean).join(' '), tone);
}

export function Input({ size, tone, wide, className, ...rest }: Omit<InputHTMLAttributes<HTMLInputElement>, 'size'> & ControlLook) {
  return <input className={look({ size, tone, wide }, className)} {...rest} />;
}

export function Select({ size, tone, wide, className, ...rest }: SelectHTMLAttributes<HTMLSelectElement> & ControlLook) {
  return <select className={look({ size, tone, wide }, className)} {...rest} />;
}

export function TextArea({ size, tone, wide, className, ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement> & ControlLook) {
  return <textarea className={look({ size, tone, wide }, className)} {...rest} />;
}

export interface FieldProps {
  label: ReactNode;
  /** Said under the control, as an alert, when the value was refused. */
  error?: ReactNode;
  /** The label's own classes (text size, colour, flex share); the default stacks label over control. */
  className?: string;
  testId?: string;
  children: ReactNode;
}

/** A label wrapping its control, so clicking the words focuses the control and the control's accessible name is the label. */
export function Field({ label, error, className = 'block space-y-1', testId, children }: FieldProps) {
  return (
    <label className={className} data-testid={testId}>
      <span className="block">{label}</span>
      {children}
      {error ? (
        <span role="alert" className="block text-red-300">
          {error}
        </span>
      ) : null}
    </label>
  );
}
