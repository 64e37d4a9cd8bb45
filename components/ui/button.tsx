/**
 * The app's buttons: a screen names what a button is for (confirm, warn, …) and its size, and this one table says how
 * that is drawn, so the same job looks the same on every screen. Sizes are in rem so they scale with the wall.
 */
import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant =
  /** The one filled action that sends a form (sign in, submit a report). */
  | 'primary'
  /** An everyday action on a wall panel (approve a plan, dispatch a hazard). */
  | 'secondary'
  /** A lighter action next to data (export, presets, acknowledge). */
  | 'outline'
  /** Commits something that creates work (create the order, dispatch the unit). */
  | 'confirm'
  /** Needs a second look (turn into an order, import only the valid rows). */
  | 'warn'
  /** Removes or refuses (reject, clear an alarm, emergency stop). */
  | 'danger'
  /** Cancel, paging, admin table actions. */
  | 'quiet'
  /** Reads as text: close, add a row, open a list. */
  | 'link';

export type ButtonSize = 'xs' | 'sm' | 'md' | 'lg' | 'block';

const BASE = 'rounded disabled:opacity-50';

const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-sky-600 font-semibold text-white hover:bg-sky-500',
  secondary: 'border border-sky-400/50 bg-sky-800/40 text-sky-50 hover:bg-sky-700/60',
  outline: 'border border-sky-400/50 text-sky-200 hover:bg-sky-900/40',
  confirm: 'border border-emerald-400/60 bg-emerald-800/40 text-emerald-50 hover:bg-emerald-700/60',
  warn: 'border border-amber-400/50 text-amber-200 hover:bg-amber-900/40',
  danger: 'border border-red-400/50 text-red-200 hover:bg-red-900/40',
  quiet: 'border border-slate-600 text-slate-300 hover:bg-slate-800',
  link: 'text-sky-300 underline',
};

const SIZES: Record<ButtonSize, string> = {
  xs: 'px-2 py-[0.1rem] text-[0.75rem]',
  sm: 'px-2 py-0.5 text-[0.8rem]',
  // md and lg take the text size of where they stand (a desk form, a wall panel).
  md: 'px-3 py-1',
  lg: 'px-4 py-1',
  block: 'w-full py-2',
};

/**
 * The class string for a variant and size, for an element that is not a <button> but should look like one (a link).
 * `extra` may only add layout (margin, flex, shrink): a second colour or padding class would fight the table, and
 * which one wins depends on Tailwind's stylesheet order, not on the order written here.
 */
export function buttonClass(variant: ButtonVariant = 'secondary', size: ButtonSize = 'sm', extra = ''): string {
  // A link has no box, so it takes no padding from the size.
  const parts = variant === 'link' ? [VARIANTS.link] : [BASE, VARIANTS[variant], SIZES[size]];
  if (extra) parts.push(extra);
  return parts.join(' ');
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
}

/** A <button> that is type="button" unless told otherwise, so a button inside a form never submits it by accident. */
export function Button({ variant, size, className = '', type = 'button', ...rest }: ButtonProps) {
  return <button type={type} className={buttonClass(variant, size, className)} {...rest} />;
}
