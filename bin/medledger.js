#!/usr/bin/env node
// Runs the TypeScript CLI with Node's type stripping (Node >= 22.18; `npm run medledger -- …` provides Node 24).
await import('../src/cli/main.ts')
