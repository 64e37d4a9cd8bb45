'use client';
/**
 * The browser's typed tRPC client (TanStack Query integration). `useTRPC()` gives typed query/mutation options;
 * AppRouter is the only thing imported from the server.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { TRPC_MAX_BATCH } from '@/domain/api/limits';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { type ReactNode, useCallback, useState } from 'react';
import superjson from 'superjson';
import type { AppRouter } from '@/server/api/root';
import { useI18n } from '@/components/i18n/i18n-provider';
import { FreshQueryClient } from './fresh-query-client';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function TrpcProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    // offlineFirst: a query is tried even when the browser says it is offline, because the field app's service
    // worker may answer it from its copy; only the retries wait for the network.
    () =>
      new FreshQueryClient({
        defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: false, retry: retryOnce, networkMode: 'offlineFirst' } },
      }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/api/trpc', transformer: superjson, maxItems: TRPC_MAX_BATCH })] }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** A server error as the user should read it: the catalogue message in their language. */
/** One more try after a failure that may pass (network, server trouble); a refusal (signed out, forbidden, bad input) would only be refused again. */
function retryOnce(failures: number, error: unknown): boolean {
  const status = error instanceof TRPCClientError ? (error.data as { httpStatus?: number } | undefined)?.httpStatus : undefined;
  return failures < 1 && !(status !== undefined && status >= 400 && status < 500);
}

/** Stable while the language stays: callers may put it in effect and callback dependencies. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useI18n();
  return useCallback(
    (error: unknown) => {
      if (error instanceof TRPCClientError) {
        const data = error.data as { messageKey?: string; params?: Record<string, string | number> } | undefined;
        if (data?.messageKey) return t(data.messageKey, data.params);
      }
      return t('error.generic');
    },
    [t],
  );
}
