/**
 * The process entry of `movesim`: runs `main` on the process arguments and exits with its code.
 */
import { main } from './main.js';

process.exitCode = main(process.argv.slice(2));
