// The injected EIP-1193 wallet (MetaMask, Rabby, or a test wallet): accounts, personal_sign, signTypedData_v4.

interface Eip1193Provider { request(args: { method: string, params?: unknown[] }): Promise<unknown> }

/** The page's injected provider. @throws Error when there is none */
export function injectedWallet (): Eip1193Provider {
  const provider = (window as unknown as { ethereum?: Eip1193Provider }).ethereum
  if (provider === undefined) throw new Error('no wallet: install an EIP-1193 wallet extension')
  return provider
}

/** The first account the wallet exposes, after asking the user. */
export async function requestAccount (wallet: Eip1193Provider): Promise<string> {
  const accounts = await wallet.request({ method: 'eth_requestAccounts' }) as string[]
  if (accounts[0] === undefined) throw new Error('the wallet gave no account')
  return accounts[0]
}

/** EIP-191 signature of `message` (the SIWE text). */
export async function personalSign (wallet: Eip1193Provider, address: string, message: string): Promise<string> {
  const hex = '0x' + Array.from(new TextEncoder().encode(message), (b) => b.toString(16).padStart(2, '0')).join('')
  return await wallet.request({ method: 'personal_sign', params: [hex, address] }) as string
}

/** EIP-712 signature of the typed data the API asks to sign ({ domain, types, primaryType, message }). */
export async function signTypedData (wallet: Eip1193Provider, address: string, typedData: unknown): Promise<string> {
  return await wallet.request({ method: 'eth_signTypedData_v4', params: [address, JSON.stringify(typedData)] }) as string
}
