// Runs `npm ci` only when node_modules was not installed from the current package-lock.json, so repeated Maven
// builds do not reinstall, while a clean clone (or a changed lock) always gets an exact install.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const stamp = 'node_modules/.parley-lock-sha256';
const lockHash = createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === lockHash) {
  console.log('web: node_modules matches package-lock.json, skipping npm ci');
} else {
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  writeFileSync(stamp, lockHash + '\n');
}
