'use client';
/**
 * What a signed-in role without access to a screen sees: a sentence naming the role, so the user knows why and whom
 * to ask, instead of an empty screen. The server refuses the data anyway; this only explains it.
 */
import type { ReactNode } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';

export interface NoAccessProps {
  /** Catalogue key of the sentence; it receives the role's name as {role}. */
  messageKey: string;
  /** Said while nobody is signed in (the page is about to send them to sign in). */
  signedOutKey?: string;
  testId?: string;
  className?: string;
  /** Under the sentence: a way on (the user's own home screen). */
  children?: ReactNode;
}

export function NoAccess({ messageKey, signedOutKey, testId, className = 'm-auto text-[1.2rem] text-slate-300', children }: NoAccessProps) {
  const { t } = useI18n();
  const { user } = useSession();
  const sentence = user ? t(messageKey, { role: t(`role.${user.role}`) }) : signedOutKey ? t(signedOutKey) : null;
  if (!children) {
    return (
      <p data-testid={testId} className={className}>
        {sentence}
      </p>
    );
  }
  return (
    <div className={className}>
      <p data-testid={testId}>{sentence}</p>
      {children}
    </div>
  );
}

export interface NoAccessWallProps extends NoAccessProps {
  /** The screen's own header, so the user still sees where they are and can switch screens or sign out. */
  header: ReactNode;
  /** Added to the full-screen frame (a background, overflow). */
  wallClassName?: string;
}

/** A whole wall screen that holds only its header and the no-access sentence. */
export function NoAccessWall({ header, wallClassName = '', ...sentence }: NoAccessWallProps) {
  return (
    <div data-wall className={`flex h-screen w-screen flex-col ${wallClassName}`}>
      {header}
      <NoAccess {...sentence} />
    </div>
  );
}
