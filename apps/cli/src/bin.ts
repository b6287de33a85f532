#!/usr/bin/env node
import { main } from './main.js';
import { describeError } from './user-errors.js';

try {
  await main();
} catch (error) {
  const { message, exitCode, stack } = describeError(error);
  process.stderr.write(`attention-hd: error: ${message}\n`);
  if (stack !== undefined && process.env.ATTENTION_HD_DEBUG !== undefined) process.stderr.write(`${stack}\n`);
  else if (stack !== undefined) process.stderr.write('(an internal error: set ATTENTION_HD_DEBUG=1 for the stack trace)\n');
  process.exitCode = exitCode;
}
