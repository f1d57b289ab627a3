/**
 * The process entry of `movesim`: runs `main` on the process arguments and sets the exit code
 * (never `process.exit`, so output still being written to a pipe is not cut off).
 */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
