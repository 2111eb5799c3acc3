/** Types of anchors/verify-bundle.mjs (kept in plain JavaScript so that it needs nothing but ethers). */
export interface BundleFacts { index: number, treeSize: number, root: string, signer: string, chainId: number, txHash: string, blockNumber: number }
/** Checks a proof bundle against the chain behind `rpcUrl`; rejects with an Error naming the first failed check. */
export function verifyBundle (bundle: unknown, rpcUrl: string, expectedSigner?: string): Promise<BundleFacts>
