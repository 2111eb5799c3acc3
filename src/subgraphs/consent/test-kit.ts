/** Test support (never imported by production code): signs medledger typed data like eth_signTypedData_v4. */
import type { Wallet } from 'ethers'
import type { TypedDataRequest } from '../../core/consent/index.ts'

/** The signature a wallet gives `typedData` (types without EIP712Domain, as ethers wants them). */
export async function signTypedData (wallet: Pick<Wallet, 'signTypedData'>, typedData: TypedDataRequest): Promise<string> {
  const { EIP712Domain: _domain, ...types } = typedData.types
  return wallet.signTypedData(typedData.domain, types, typedData.message)
}
