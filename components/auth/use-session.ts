'use client';
/** The signed-in user (null while loading or signed out) and sign-out, for any page. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { closeAllLiveSockets } from '@/components/live/live-socket';
import { forgetOfflineCopies } from '@/components/offline/field-worker';
import { useTRPC } from '@/components/trpc/client';

export function useSession() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({ onSettled: () => void forgetOfflineCopies().finally(() => window.location.assign('/login')) }),
  );
  const user = me.data ?? null;
  return {
    user,
    loading: me.isLoading,
    /** Whether the signed-in user's role holds a permission (the server checks again on every call). */
    can: (permission: string) => user?.permissions.includes(permission) ?? false,
    // The page's live sockets close first: nothing more is pushed to a screen whose user is leaving.
    signOut: () => {
      closeAllLiveSockets();
      signOut.mutate();
    },
  };
}
