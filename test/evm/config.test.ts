import { describe, expect, it } from 'vitest'
import { anchorConfigFromEnv } from '../../src/adapters/ledger-evm/index.ts'
import { isError } from '../../src/core/errors.ts'

describe('anchorConfigFromEnv', () => {
  const all = { MEDLEDGER_EVM_RPC: 'http://127.0.0.1:8545', MEDLEDGER_EVM_CONTRACT: '0x' + '11'.repeat(20), MEDLEDGER_EVM_KEY_FILE: '/k' }

  it('is off without the variables and on with all three', () => {
    expect(anchorConfigFromEnv({})).toBeUndefined()
    expect(anchorConfigFromEnv({ ...all, MEDLEDGER_EVM_INTERVAL_MS: '500' })).toEqual({ rpcUrl: all.MEDLEDGER_EVM_RPC, contract: all.MEDLEDGER_EVM_CONTRACT, keyFile: '/k', intervalMs: 500, fromBlock: undefined })
  })

  it('rejects a partial or malformed configuration with BAD_INPUT', () => {
    expect(() => anchorConfigFromEnv({ MEDLEDGER_EVM_RPC: all.MEDLEDGER_EVM_RPC })).toThrow(expect.toSatisfy((e: unknown) => isError(e, 'BAD_INPUT')))
    expect(() => anchorConfigFromEnv({ ...all, MEDLEDGER_EVM_FROM_BLOCK: '-1' })).toThrow(expect.toSatisfy((e: unknown) => isError(e, 'BAD_INPUT')))
  })
})
