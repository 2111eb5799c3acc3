import { SigningKey, computeAddress } from 'ethers'
import type { LedgerSigner } from '../../src/ports/keys.ts'

/** A ledger signer with a fixed test key. */
export function testSigner (key = '0x' + '42'.repeat(32)): LedgerSigner {
  const signingKey = new SigningKey(key)
  return { address: computeAddress(signingKey.publicKey), signDigest: (digest) => signingKey.sign(digest).serialized }
}
