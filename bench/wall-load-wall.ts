/**
 * The wall of the wall-load bench, in a process of its own — as a real wall is a screen of its own — so that the
 * 50 readers' work in the load generator cannot delay the frames it counts. It prints "connected", records each
 * position frame's arrival (epoch ms), and prints the arrivals as one JSON line when a line arrives on stdin.
 *
 *   tsx bench/wall-load-wall.ts <baseUrl> <cookie>
 */
import { io } from 'socket.io-client';

const [baseUrl, cookie] = process.argv.slice(2);
const arrivals: number[] = [];
const wall = io(baseUrl, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
wall.on('positions:frame', () => arrivals.push(performance.timeOrigin + performance.now()));
wall.once('connect', () => process.stdout.write('connected\n'));
wall.once('connect_error', (error) => {
  process.stderr.write(`wall could not connect: ${error.message}\n`);
  process.exit(1);
});
process.stdin.once('data', () => {
  wall.close();
  process.stdout.write(`${JSON.stringify(arrivals)}\n`, () => process.exit(0));
});
