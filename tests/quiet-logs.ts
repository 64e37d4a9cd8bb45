/**
 * Vitest setup: the server's request and progress lines (info) would bury the test report; warnings and errors stay.
 */
import { configureLogging } from '@/server/ops/log';

configureLogging({ level: 'warn', format: 'json' });
